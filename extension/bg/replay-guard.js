// Remembers which captured tokens were already kept, so the same Zoho redirect is never stored twice: not after a
// service-worker restart, not after a browser restart. Only a SHA-256 digest of each token is kept (a token is
// high-entropy, so its digest reveals nothing), in storage.local, the most recent REPLAY_MEMORY of them.

const KEY = 'capturedDigests';
// A token lives at most an hour and Zoho mints at most 10 sign-ins and 20 refreshes per client in that time: 256
// digests outlive every token they could match.
export const REPLAY_MEMORY = 256;

async function digest(text) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @param {{get: Function, set: Function}} storage e.g. `api.storage.local` */
export function replayGuard(storage) {
  let queue = Promise.resolve();
  return {
    /** True the first time a token is offered, false for every later time. Serialised: no two calls race. */
    firstTime(token) {
      const run = queue.then(async () => {
        const d = await digest(token);
        const seen = (await storage.get(KEY))[KEY] ?? [];
        if (seen.includes(d)) return false;
        await storage.set({ [KEY]: [...seen, d].slice(-REPLAY_MEMORY) });
        return true;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
}
