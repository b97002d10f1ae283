// A message for the next page (« Votre candidature a été déposée. »), shown once.

let pending = null;

export function setFlash(message) {
  pending = message;
}

/** The pending message, or null; it is then forgotten. */
export function takeFlash() {
  const message = pending;
  pending = null;
  return message;
}
