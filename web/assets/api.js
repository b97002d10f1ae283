// Fetch wrapper for the same-origin API (/api/...). Errors are RFC 9457 problem details
// (application/problem+json): they are thrown as ApiProblem, whose fields are ready to show.

import { currentSession, endSession } from './session.js';

export class ApiProblem extends Error {
  /**
   * @param {object} problem { type, title, status, detail, errors: [{ detail, parameter, pointer }] }
   */
  constructor(problem) {
    super(problem.detail || problem.title || 'Erreur');
    this.name = 'ApiProblem';
    this.type = problem.type || 'about:blank';
    this.title = problem.title || 'Erreur';
    this.status = problem.status;
    this.detail = problem.detail || '';
    this.instance = problem.instance;
    this.errors = Array.isArray(problem.errors)
      ? problem.errors.filter((e) => e && typeof e.detail === 'string')
      : [];
  }

  /** True when the problem is about this query or path parameter (e.g. "postalCode"). */
  concerns(...parameters) {
    return this.errors.some((e) => parameters.includes(e.parameter));
  }

  /** The errors about a field of the request body, by JSON pointer ("#/bankAccount/iban"). */
  get fieldErrors() {
    return this.errors.filter((e) => typeof e.pointer === 'string');
  }

  /** True for the given problem type, written in full or as its last segment ("unknown-postal-code"). */
  is(type) {
    return this.type === type || this.type.endsWith(`:${type}`) || this.type.endsWith(`/${type}`);
  }
}

const GENERIC = {
  400: 'La demande est incorrecte.',
  403: 'Votre compte ne permet pas cette action.',
  404: 'Ressource introuvable.',
  409: 'La demande est en conflit avec l’état actuel : rechargez la page.',
  429: 'Trop de demandes : patientez un instant puis réessayez.',
  500: 'Le service a rencontré une erreur. Réessayez plus tard.',
  502: 'Le service est momentanément indisponible. Réessayez plus tard.',
  503: 'Le service est momentanément indisponible. Réessayez plus tard.',
  504: 'Le service a mis trop de temps à répondre. Réessayez plus tard.',
};

/** The problem thrown when the API refuses the token (401): the session has been dropped. */
export const SIGN_IN_AGAIN = {
  type: 'urn:passerelle:problem:sign-in-required',
  title: 'Connexion requise',
  status: 401,
  detail: 'Votre connexion a expiré ou n’est plus valable : connectez-vous à nouveau.',
};

/**
 * Calls the API with JSON. `path` is like "/api/services"; `query` values that are undefined,
 * null or '' are left out; `body` (if given) is sent as JSON. When someone is signed in, their
 * token goes in the Authorization header. Resolves to the JSON body; throws ApiProblem (or the
 * AbortError when aborted). A 401 (the gateway's {"message":"Unauthorized"}) drops the session
 * and throws a problem whose status is 401 (see isSignInProblem()). A 204 resolves to null.
 * `headers` adds request headers of the caller's own.
 */
export async function requestJson(method, path, { query = {}, body, signal, headers: extraHeaders = {} } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers = { ...extraHeaders, Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = currentSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiProblem({
      type: 'urn:passerelle:problem:network',
      title: 'Le service ne répond pas',
      detail: 'Vérifiez votre connexion à Internet, puis réessayez.',
    });
  }

  if (response.status === 401) {
    if (!token) throw new ApiProblem({ ...SIGN_IN_AGAIN, detail: 'Connectez-vous pour continuer.' });
    endSession('expired');
    throw new ApiProblem(SIGN_IN_AGAIN);
  }
  if (response.status === 204) return null;
  const contentType = response.headers.get('content-type') || '';
  let data = null;
  if (/json/i.test(contentType)) {
    try { data = await response.json(); } catch { data = null; }
  }
  if (response.ok && data !== null) return data;
  if (response.ok) {
    throw new ApiProblem({ title: 'Réponse inattendue', status: response.status, detail: 'Le service a envoyé une réponse illisible. Réessayez plus tard.' });
  }
  if (data && typeof data === 'object' && (/problem\+json/i.test(contentType) || data.title || data.detail)) {
    throw new ApiProblem({ status: response.status, ...data });
  }
  throw new ApiProblem({
    title: `Erreur ${response.status}`,
    status: response.status,
    detail: GENERIC[response.status] || (response.status >= 500 ? GENERIC[500] : GENERIC[400]),
  });
}

/** GET a JSON resource (see requestJson). */
export function getJson(path, { query = {}, signal } = {}) {
  return requestJson('GET', path, { query, signal });
}

/** POST a JSON body (see requestJson); `headers` adds request headers (e.g. Idempotency-Key). */
export function postJson(path, body, { signal, headers } = {}) {
  return requestJson('POST', path, { body, signal, headers });
}

/** PUT a JSON body (see requestJson). */
export function putJson(path, body, { signal } = {}) {
  return requestJson('PUT', path, { body, signal });
}

/** DELETE a resource (see requestJson); resolves to null on 204. */
export function deleteJson(path, { signal } = {}) {
  return requestJson('DELETE', path, { signal });
}

/** True when the problem means "sign in (again)": no token, or the API refused it. */
export function isSignInProblem(error) {
  return error instanceof ApiProblem && error.status === 401;
}
