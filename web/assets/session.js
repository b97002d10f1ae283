// The signed-in account, kept for the tab only (sessionStorage). The identity token is sent to
// the API as "Authorization: Bearer …"; its payload is decoded here only to show who is signed
// in and until when. The API checks the token: a 401 ends the session (see api.js).

const KEY = 'passerelle.idToken';
const EVENT = 'passerelle:session';

/** Roles, in French, as the site shows them. */
export const ROLE_LABELS = {
  parent: 'parent',
  provider: 'prestataire',
  agent: 'agent',
  coordinator: 'coordination',
};

/** Where each role lands after signing in. */
export const ROLE_HOMES = {
  parent: '/',
  provider: '/prestataire',
  agent: '/back-office/prestataires',
  coordinator: '/coordination',
};

let endReason = null;
let expiryTimer = null;

function decodePayload(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? payload : null;
  } catch {
    return null;
  }
}

function storage() {
  try { return window.sessionStorage; } catch { return null; }
}

function changed() {
  window.dispatchEvent(new CustomEvent(EVENT));
}

function scheduleExpiry(expiresAt) {
  window.clearTimeout(expiryTimer);
  if (!expiresAt) return;
  const delay = expiresAt.getTime() - Date.now();
  // setTimeout holds 32-bit delays: past ~24 days, just wait for the next read.
  if (delay > 0 && delay < 2 ** 31 - 1) expiryTimer = window.setTimeout(() => currentSession(), delay + 500);
}

/**
 * The signed-in account { token, name, role, roles, subject, department, expiresAt }, or null.
 * A token that cannot be read or has expired is dropped (see sessionEndReason()).
 */
export function currentSession() {
  const token = storage()?.getItem(KEY);
  if (!token) return null;
  const payload = decodePayload(token);
  if (!payload) {
    endSession('invalid');
    return null;
  }
  const exp = Number(payload.exp);
  const expiresAt = Number.isFinite(exp) && exp > 0 ? new Date(exp * 1000) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    endSession('expired');
    return null;
  }
  const roles = Array.isArray(payload['cognito:groups']) ? payload['cognito:groups'].filter((r) => typeof r === 'string') : [];
  const role = roles.find((r) => Object.hasOwn(ROLE_LABELS, r)) ?? null;
  return {
    token,
    name: String(payload.name || payload.email || payload['cognito:username'] || 'Compte sans nom'),
    role,
    roles,
    subject: payload.sub,
    department: payload['custom:department'] || null,
    expiresAt,
  };
}

/** Keeps a new identity token for this tab. */
export function startSession(idToken) {
  storage()?.setItem(KEY, idToken);
  endReason = null;
  scheduleExpiry(currentSession()?.expiresAt);
  changed();
}

/**
 * Drops the token. reason: 'signed-out' (the user's choice), 'expired' (past its expiry, or
 * refused by the API), 'invalid' (unreadable).
 */
export function endSession(reason = 'signed-out') {
  const had = storage()?.getItem(KEY);
  storage()?.removeItem(KEY);
  window.clearTimeout(expiryTimer);
  if (had || reason === 'signed-out') endReason = reason;
  if (had) changed();
}

/** Why the last session ended ('signed-out', 'expired', 'invalid'), or null. */
export function sessionEndReason() {
  return endReason;
}

/** Calls listener whenever someone signs in or out (or the token is dropped). */
export function onSessionChange(listener) {
  window.addEventListener(EVENT, listener);
}

/** "Claire Martin (prestataire)". */
export function describeSession(session) {
  const role = ROLE_LABELS[session.role] || 'rôle inconnu';
  return `${session.name} (${role})`;
}

// Arm the expiry timer for a token kept from before a reload.
scheduleExpiry(currentSession()?.expiresAt);
