// HTML pages of the fake accounts server: sign-in/consent page and error pages.
import { escapeHtml as h } from './http.mjs';

const STYLE = 'body{font-family:sans-serif;max-width:36em;margin:3em auto}label{display:block;margin:.6em 0}';

/** Param names carried through the consent form as hidden inputs. */
export const CARRIED = ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'prompt', 'access_type'];

/**
 * Sign-in + consent page. Without a session it is a sign-in page; with one it is the consent page.
 * Element ids tests rely on: #email, #org, #session-grant, #accept, #reject, #error (only when error is set).
 * #org lists the CRM orgs of the prefilled person (production, sandbox or developer; the first is selected): CRM
 * tokens are org-specific and the consent page asks which org (help.zoho.com "Org-specific OAuth2.0 Tokens in
 * Zoho CRM", via zoho.md "Corrections").
 */
export function consentPage({ params, clientId, email, signedIn, scopes, error, orgs = [], selectedOrg }) {
  const chosen = orgs.some((o) => o.id === selectedOrg) ? selectedOrg : orgs[0]?.id;
  const orgOptions = orgs.map((o) => `<option value="${h(o.id)}" data-type="${h(o.type)}"${o.id === chosen
    ? ' selected' : ''}>${h(o.company_name)} (${h(o.type)})</option>`).join('');
  const hidden = CARRIED.filter((k) => params.has(k))
    .map((k) => `<input type="hidden" name="${k}" value="${h(params.get(k))}">`).join('\n    ');
  const title = signedIn ? 'Grant access' : 'Sign in to Zoho (fake)';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${h(title)}</title><style>${STYLE}</style></head>
<body>
  <h1 id="title">${h(title)}</h1>
  ${error ? `<p id="error" role="alert">${h(error)}</p>` : ''}
  <p id="client">Client <code>${h(clientId)}</code> is requesting access to:</p>
  <ul id="scopes">${scopes.map((s) => `<li>${h(s)}</li>`).join('')}</ul>
  <form id="consent" method="POST" action="/oauth/v2/auth/approve">
    ${hidden}
    <label>Email <input type="email" id="email" name="email" value="${h(email)}" autocomplete="username"></label>
    <label>Password <input type="password" id="password" name="password" value="fake"></label>
    <label>Organization <select id="org" name="org">${orgOptions}</select></label>
    <label><input type="checkbox" id="session-grant" name="session" value="true" checked>
      Allow access as long as I am signed in to Zoho (session access)</label>
    <button type="submit" id="accept" name="action" value="accept">Accept</button>
    <button type="submit" id="reject" name="action" value="reject">Reject</button>
  </form>
</body></html>
`;
}

/** Zoho answers unusable authorization requests with an error page, never a redirect. */
export function errorPage(title, code, detail) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${h(title)}</title><style>${STYLE}</style></head>
<body>
  <h1 id="error" data-error="${h(code)}">${h(title)}</h1>
  <p>${h(detail)}</p>
</body></html>
`;
}
