// Fetch wrapper for the same-origin API (/api/...). Errors are RFC 9457 problem details
// (application/problem+json): they are thrown as ApiProblem, whose fields are ready to show.

export class ApiProblem extends Error {
  /**
   * @param {object} problem { type, title, status, detail, errors: [{ detail, parameter }] }
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

  /** True for the given problem type, written in full or as its last segment ("unknown-postal-code"). */
  is(type) {
    return this.type === type || this.type.endsWith(`:${type}`) || this.type.endsWith(`/${type}`);
  }
}

const GENERIC = {
  400: 'La demande est incorrecte.',
  404: 'Ressource introuvable.',
  429: 'Trop de demandes : patientez un instant puis réessayez.',
  500: 'Le service a rencontré une erreur. Réessayez plus tard.',
  502: 'Le service est momentanément indisponible. Réessayez plus tard.',
  503: 'Le service est momentanément indisponible. Réessayez plus tard.',
  504: 'Le service a mis trop de temps à répondre. Réessayez plus tard.',
};

/**
 * GET a JSON resource. `path` is like "/api/services"; `query` values that are
 * undefined, null or '' are left out. Throws ApiProblem (or the AbortError when aborted).
 */
export async function getJson(path, { query = {}, signal } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  let response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json, application/problem+json' },
      credentials: 'same-origin',
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

  const contentType = response.headers.get('content-type') || '';
  let body = null;
  if (/json/i.test(contentType)) {
    try { body = await response.json(); } catch { body = null; }
  }
  if (response.ok && body !== null) return body;
  if (response.ok) {
    throw new ApiProblem({ title: 'Réponse inattendue', status: response.status, detail: 'Le service a envoyé une réponse illisible. Réessayez plus tard.' });
  }
  if (body && typeof body === 'object' && (/problem\+json/i.test(contentType) || body.title || body.detail)) {
    throw new ApiProblem({ status: response.status, ...body });
  }
  throw new ApiProblem({
    title: `Erreur ${response.status}`,
    status: response.status,
    detail: GENERIC[response.status] || (response.status >= 500 ? GENERIC[500] : GENERIC[400]),
  });
}
