// The installation ID: one per browser profile's copy of the extension, so the host keeps one token per profile
// and two profiles signed in as two Zoho users never overwrite each other (issue 15). Not a secret: it names a
// profile, it grants nothing (the host trusts the extension, not this ID).

// 16 random bytes in base64url: 22 characters, within the host's 16–64 (host/protocol/limits.hpp).
const BYTES = 16;
const PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A new random ID; `randomBytes(n)` gives n random bytes (crypto.getRandomValues in the browser). */
export function newInstallationId(randomBytes) {
  const bytes = randomBytes(BYTES);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether a stored value is an ID the host accepts (storage.local can hold anything an old version left). */
export function isInstallationId(value) {
  return typeof value === 'string' && PATTERN.test(value);
}
