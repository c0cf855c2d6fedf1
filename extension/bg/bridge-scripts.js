// Keeps the web-app bridge content script registered for exactly the allowed web-app origins this browser
// granted access to. Patterns leave the port out (match patterns ignore ports in Firefox); the background
// checks the exact origin on every message.

import { validateOrigin } from '../lib/origins.js';
import { api } from '../platform/browser.js';

const SCRIPT_ID = 'zcrm-bridge';

export function bridgePatterns(settings) {
  const patterns = new Set();
  for (const app of settings?.webApps ?? []) {
    const checked = validateOrigin(app.origin);
    if (!checked.ok) continue;
    const u = new URL(checked.origin);
    patterns.add(`${u.protocol}//${u.hostname}/*`);
  }
  return [...patterns];
}

export async function syncBridgeScripts(settings) {
  const wanted = [];
  for (const pattern of bridgePatterns(settings)) {
    if (await api.permissions.contains({ origins: [pattern] }).catch(() => false)) wanted.push(pattern);
  }
  const existing = await api.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] }).catch(() => []);
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (!wanted.length) return [];
  await api.scripting.registerContentScripts([
    { id: SCRIPT_ID, matches: wanted, js: ['content/bridge.js'], runAt: 'document_start', allFrames: false },
  ]);
  return wanted;
}
