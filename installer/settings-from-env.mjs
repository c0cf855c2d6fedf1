// The settings `ZCRM_CLIENT_ID=… ./installer/setup.sh` hands to the managed-settings writer, from the environment,
// checked by the extension's own rules (lib/managed-settings.js) so a typo stops the set-up instead of reaching the
// browsers:
//   ZCRM_CLIENT_ID   the Zoho client ID (required)
//   ZCRM_DC          the data centre: us, eu, in, au, jp, ca, sa, uk, cn, ae
//   ZCRM_SCOPES      scopes, separated by commas or spaces
//   ZCRM_WEB_APPS    allowed web apps, one per line or separated by ";", each as in the options page:
//                    "https://app.example.com", "https://app.example.com crm Accounts Contacts:POST",
//                    "https://app.example.com token"
//   node installer/settings-from-env.mjs > settings.json    (exit 2 and the problems on stderr when invalid)
import { readManaged } from '../extension/lib/managed-settings.js';
import { webAppFromLine } from '../extension/lib/web-app-policy.js';

const VARIABLES = { clientId: 'ZCRM_CLIENT_ID', dc: 'ZCRM_DC', scopes: 'ZCRM_SCOPES', webApps: 'ZCRM_WEB_APPS' };

/** The managed settings for an environment, or the problems, each naming its variable. */
export function settingsFromEnv(env) {
  const raw = {};
  const given = (name) => (env[name] ?? '').trim();
  if (!given('ZCRM_CLIENT_ID')) return { problems: ['ZCRM_CLIENT_ID: set it to your Zoho client ID, such as 1000.ABC123'] };
  raw.clientId = given('ZCRM_CLIENT_ID');
  if (given('ZCRM_DC')) raw.dc = given('ZCRM_DC');
  if (given('ZCRM_SCOPES')) raw.scopes = given('ZCRM_SCOPES').split(/[\s,]+/).filter(Boolean);
  if (given('ZCRM_WEB_APPS')) {
    raw.webApps = given('ZCRM_WEB_APPS').split(/[;\n]/).map((l) => l.trim()).filter(Boolean).map(webAppFromLine);
  }
  const { values, errors } = readManaged(raw);
  const problems = Object.entries(errors).map(([path, message]) => {
    const key = path.split('.')[0];
    return `${VARIABLES[key] ?? key}${path.includes('.') ? ` (${path})` : ''}: ${message}`;
  });
  return problems.length ? { problems } : { settings: values };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { settings, problems } = settingsFromEnv(process.env);
  if (problems) {
    for (const p of problems) console.error(`setup: ${p}`);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
  }
}
