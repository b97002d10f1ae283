// Downloads a file the API serves only with the caller's token (payment files, CSV statements):
// a plain link cannot send the Authorization header, so the file is fetched, then saved.

import { currentSession } from './session.js';
import { ApiProblem, SIGN_IN_AGAIN } from './api.js';

/** Fetches `path` with the session's token and saves it as `filename`; throws ApiProblem. */
export async function downloadFile(path, filename) {
  const token = currentSession()?.token;
  let response;
  try {
    response = await fetch(new URL(path, window.location.origin), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiProblem({ title: 'Le service ne répond pas', detail: 'Vérifiez votre connexion à Internet, puis réessayez.' });
  }
  if (response.status === 401) throw new ApiProblem(SIGN_IN_AGAIN);
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiProblem({ status: response.status, title: problem?.title || `Erreur ${response.status}`, detail: problem?.detail || 'Le fichier n’a pas pu être téléchargé.' });
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob;
}
