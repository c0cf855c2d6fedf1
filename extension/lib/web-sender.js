// Who is talking: the one rule that turns a browser-supplied message sender into a web origin, for both web-app
// paths (the content-script bridge and externally_connectable). Pure module: no browser globals.

import { validateOrigin } from './origins.js';

const refuse = (why) => ({ ok: false, origin: null, why });

function urlOrigin(value) {
  try {
    const o = new URL(String(value)).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

/**
 * The web origin a message came from, as the browser (never the page) says it, or why it counts as nobody.
 *
 * A sender counts only when all of these hold:
 * - it is the top frame of a tab (`sender.tab` present, `sender.frameId === 0`): a frame inside a page, or the
 *   allowed page framed by another site, is nobody;
 * - `sender.origin` is present and not opaque (`"null"`: a sandboxed iframe or a page served with `CSP: sandbox`);
 *   `sender.url` is never a fallback, because a sandboxed document keeps its URL but loses its origin;
 * - `sender.origin` is a valid web origin (https, or http on loopback) equal to the origin of `sender.url` and of
 *   the tab's own URL (when the browser reports it), so a document that is not what the tab shows is nobody.
 *
 * @param {unknown} sender a `runtime.MessageSender` (or `port.sender`)
 * @returns {{ok: true, origin: string, why: null} | {ok: false, origin: null, why: string}}
 */
export function webSenderOrigin(sender) {
  if (!sender || typeof sender !== 'object') return refuse('no sender');
  if (!sender.tab || typeof sender.tab !== 'object') return refuse('not from a tab');
  if (sender.frameId !== 0) return refuse('not the top frame of its tab');
  if (typeof sender.origin !== 'string' || sender.origin === '') return refuse('the browser gave no origin');
  if (sender.origin === 'null') return refuse('an opaque (sandboxed) origin');
  const checked = validateOrigin(sender.origin);
  if (!checked.ok) return refuse('not a web origin');
  if (urlOrigin(sender.url) !== checked.origin) return refuse('the document URL is of another origin');
  if (typeof sender.tab.url === 'string' && sender.tab.url !== '' && urlOrigin(sender.tab.url) !== checked.origin) {
    return refuse('the tab shows another origin');
  }
  return { ok: true, origin: checked.origin, why: null };
}
