import test from 'node:test';
import assert from 'node:assert/strict';
import { parseRedirect, parseParams, isCapturedRedirect } from '../lib/fragment.js';

const ZOHO_EU = 'https://x.chromiumapp.org/cb#&access_token=1000.abc&expires_in=3600'
  + '&api_domain=https%3A%2F%2Fwww.zohoapis.eu&token_type=Bearer&location=eu&granted_for_session=true&state=S';
const SECRET = '1000.f00dfacec0ffee.5ec7e7';

test("parseRedirect reads Zoho's real fragment shape with a leading #&", () => {
  assert.deepEqual(parseRedirect(ZOHO_EU, { expectedState: 'S' }), {
    ok: true,
    token: {
      access_token: '1000.abc', expires_in: 3600, api_domain: 'https://www.zohoapis.eu',
      location: 'eu', granted_for_session: true, token_type: 'Bearer',
    },
    state: 'S',
  });
});

test("parseRedirect reads a web app's own captured redirect", () => {
  const r = parseRedirect('https://app.example.com/LoginRedirect#access_token=1000.x.y&expires_in=3600'
    + '&api_domain=https%3A%2F%2Fwww.zohoapis.com&location=us&scope=ZohoCRM.users.READ,ZohoCRM.org.READ&state=zohocrmclient');
  assert.equal(r.ok, true);
  assert.equal(r.token.access_token, '1000.x.y');
  assert.equal(r.token.scope, 'ZohoCRM.users.READ,ZohoCRM.org.READ');
  assert.equal(r.state, 'zohocrmclient');
});

test('parseRedirect turns + into a space and %2B into a plus', () => {
  const r = parseRedirect(`https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600&scope=ZohoCRM.users.READ+ZohoCRM.org.READ&token_type=a%2Bb`);
  assert.equal(r.token.scope, 'ZohoCRM.users.READ ZohoCRM.org.READ');
  assert.equal(r.token.token_type, 'a+b');
});

test('parseRedirect keeps the first value of a duplicated key', () => {
  const r = parseRedirect('https://x.chromiumapp.org/#access_token=first&access_token=second&expires_in=60&expires_in=7200&state=A&state=B', { expectedState: 'A' });
  assert.equal(r.token.access_token, 'first');
  assert.equal(r.token.expires_in, 60);
  assert.equal(r.state, 'A');
});

test('parseRedirect turns granted_for_session into a boolean and drops other values', () => {
  const base = `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600&granted_for_session=`;
  assert.equal(parseRedirect(`${base}false`).token.granted_for_session, false);
  assert.equal(parseRedirect(`${base}TRUE`).token.granted_for_session, true);
  assert.equal('granted_for_session' in parseRedirect(`${base}yes`).token, false);
});

test('parseRedirect keeps location only when it is a known data centre', () => {
  const base = `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600&location=`;
  assert.equal(parseRedirect(`${base}IN`).token.location, 'in');
  assert.equal('location' in parseRedirect(`${base}mars`).token, false);
});

test('parseRedirect keeps api_domain only when it is an https URL, or http on loopback', () => {
  const base = `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600&api_domain=`;
  assert.equal(parseRedirect(`${base}https%3A%2F%2Fwww.zohoapis.com.au%2F`).token.api_domain, 'https://www.zohoapis.com.au');
  assert.equal('api_domain' in parseRedirect(`${base}http%3A%2F%2Fwww.zohoapis.com`).token, false);
  assert.equal('api_domain' in parseRedirect(`${base}javascript%3Aalert(1)`).token, false);
  assert.equal(parseRedirect(`${base}http%3A%2F%2F127.0.0.1%3A9002`).token.api_domain, 'http://127.0.0.1:9002', 'loopback, as the host');
});

test('parseRedirect leaves out absent optional fields and returns a null state', () => {
  assert.deepEqual(parseRedirect(`https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600`),
    { ok: true, token: { access_token: SECRET, expires_in: 3600 }, state: null });
});

test('parseRedirect drops a parameter with malformed percent-encoding', () => {
  const r = parseRedirect(`https://x.chromiumapp.org/#&junk=%E0%A4%A&access_token=${SECRET}&expires_in=3600`);
  assert.equal(r.ok, true);
});

test('parseRedirect accepts expires_in from 1 to 86400 seconds', () => {
  for (const [v, n] of [['1', 1], ['86400', 86400], ['03600', 3600]]) {
    assert.equal(parseRedirect(`https://x.chromiumapp.org/#access_token=t&expires_in=${v}`).token.expires_in, n);
  }
});

test('parseRedirect falls back to expires_in_sec when expires_in is missing or out of range', () => {
  assert.equal(parseRedirect('https://x.chromiumapp.org/#access_token=t&expires_in_sec=3600').token.expires_in, 3600);
  assert.equal(parseRedirect('https://x.chromiumapp.org/#access_token=t&expires_in=3600000&expires_in_sec=3600').token.expires_in, 3600);
});

test('parseRedirect reports bad_expiry for a missing, non-integer or out-of-range expires_in', () => {
  for (const tail of ['', '&expires_in=', '&expires_in=abc', '&expires_in=0', '&expires_in=86401', '&expires_in=3600.5',
    '&expires_in=-1', '&expires_in=1e3', '&expires_in=9999999999']) {
    const r = parseRedirect(`https://x.chromiumapp.org/#access_token=${SECRET}${tail}`);
    assert.equal(r.ok, false, tail);
    assert.equal(r.error.code, 'bad_expiry', tail);
  }
});

test('parseRedirect reports missing_token when access_token is absent, empty, has white space or is too long', () => {
  for (const frag of ['expires_in=3600&state=S', 'access_token=&expires_in=3600', 'access_token=a+b&expires_in=3600',
    `access_token=${'a'.repeat(4097)}&expires_in=3600`]) {
    const r = parseRedirect(`https://x.chromiumapp.org/#${frag}`);
    assert.equal(r.error.code, 'missing_token', frag.slice(0, 40));
  }
});

test('parseRedirect reports state_mismatch for a different or missing state', () => {
  assert.equal(parseRedirect(ZOHO_EU, { expectedState: 'T' }).error.code, 'state_mismatch');
  const noState = `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600`;
  assert.equal(parseRedirect(noState, { expectedState: 'S' }).error.code, 'state_mismatch');
});

test('parseRedirect accepts any state when no expectedState is given', () => {
  assert.equal(parseRedirect(ZOHO_EU).ok, true);
});

test('parseRedirect checks the state before the token', () => {
  const r = parseRedirect('https://x.chromiumapp.org/#state=other', { expectedState: 'S' });
  assert.equal(r.error.code, 'state_mismatch');
});

test('parseRedirect reports not_a_redirect for text that is not a URL', () => {
  for (const bad of ['not a url', '', undefined, null, '/relative#access_token=x&expires_in=3600']) {
    assert.equal(parseRedirect(bad).error.code, 'not_a_redirect', String(bad));
  }
});

test('parseRedirect reports not_a_redirect for a URL without sign-in parameters', () => {
  for (const url of ['https://x.chromiumapp.org/cb', 'https://x.chromiumapp.org/cb#', 'https://app.example.com/LoginRedirect#section-2',
    'https://app.example.com/LoginRedirect?lang=en#top']) {
    assert.equal(parseRedirect(url).error.code, 'not_a_redirect', url);
  }
});

const zohoErrors = {
  access_denied: 'You declined access at Zoho.',
  client_not_granted: 'Zoho needs you to sign in again (your Zoho session ended or session access was not granted).',
};

test('parseRedirect explains access_denied in words', () => {
  const r = parseRedirect('https://x.chromiumapp.org/cb#error=access_denied&state=S', { expectedState: 'S' });
  assert.deepEqual(r, { ok: false, error: { code: 'zoho_error', zoho_error: 'access_denied', message: zohoErrors.access_denied } });
});

test('parseRedirect explains client_not_granted in words', () => {
  const r = parseRedirect('https://x.chromiumapp.org/cb#&error=client_not_granted&state=S', { expectedState: 'S' });
  assert.equal(r.error.code, 'zoho_error');
  assert.equal(r.error.message, zohoErrors.client_not_granted);
});

test('parseRedirect explains prompt_required, invalid_scope and invalid_client in words', () => {
  const messages = new Set();
  for (const code of ['prompt_required', 'invalid_scope', 'invalid_client']) {
    const r = parseRedirect(`https://x.chromiumapp.org/cb#error=${code}`);
    assert.equal(r.error.code, 'zoho_error');
    assert.equal(r.error.zoho_error, code);
    assert.doesNotMatch(r.error.message, new RegExp(code));
    assert.match(r.error.message, /^[A-Z].*\.$/);
    messages.add(r.error.message);
  }
  assert.equal(messages.size, 3);
  assert.match(parseRedirect('https://x.chromiumapp.org/cb#error=invalid_client').error.message, /client ID/);
  assert.match(parseRedirect('https://x.chromiumapp.org/cb#error=invalid_scope').error.message, /scope/);
});

test('parseRedirect reads Zoho errors from the query', () => {
  const r = parseRedirect('https://x.chromiumapp.org/cb?error=access_denied&state=S', { expectedState: 'S' });
  assert.equal(r.error.message, zohoErrors.access_denied);
});

test('parseRedirect includes error_description for an unknown Zoho error', () => {
  const r = parseRedirect('https://x.chromiumapp.org/cb?error=Odd+Failure&error_description=Something+unexpected.');
  assert.equal(r.error.code, 'zoho_error');
  assert.equal(r.error.zoho_error, 'Odd Failure');
  assert.equal(r.error.message, 'Zoho refused the sign-in (Odd Failure): Something unexpected.');
  const throttle = parseRedirect('https://x.chromiumapp.org/cb?error=Access+Denied&error_description=You+have+made+too+many+requests+continuously.');
  assert.equal(throttle.error.code, 'zoho_throttled', 'Zoho\'s JSON throttle shape is a throttle too');
  assert.equal(parseRedirect('https://x.chromiumapp.org/cb#error=weird').error.message, 'Zoho refused the sign-in (weird).');
});

test('parseRedirect reports a Zoho error that carries no state even when a state is expected', () => {
  assert.equal(parseRedirect('https://x.chromiumapp.org/cb#error=access_denied', { expectedState: 'S' }).error.code, 'zoho_error');
});

test('parseRedirect reports state_mismatch for a Zoho error carrying a foreign state', () => {
  assert.equal(parseRedirect('https://x.chromiumapp.org/cb#error=access_denied&state=X', { expectedState: 'S' }).error.code, 'state_mismatch');
});

test('parseRedirect never puts the access token in an error', () => {
  const urls = [
    `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=0`,
    `https://x.chromiumapp.org/#access_token=${SECRET}&expires_in=3600&state=X`,
    `https://x.chromiumapp.org/#access_token=${SECRET}&error=${SECRET}&error_description=bad+token+${SECRET}`,
    `https://x.chromiumapp.org/#access_token=${SECRET}&error=access_denied&error_description=${SECRET}`,
  ];
  for (const url of urls) {
    const r = parseRedirect(url, { expectedState: 'S' });
    assert.equal(r.ok, false);
    assert.ok(!JSON.stringify(r).includes(SECRET), url);
  }
});

test('parseParams skips empty pieces and keys without a value get an empty string', () => {
  assert.deepEqual([...parseParams('&&a=1&b&=x&a=2')], [['a', '1'], ['b', '']]);
});

test('isCapturedRedirect matches the configured redirect URL with its fragment ignored', () => {
  const prefixes = ['https://app.example.com/LoginRedirect'];
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirect#access_token=x', prefixes), true);
  assert.equal(isCapturedRedirect('https://APP.example.com:443/LoginRedirect?x=1#a', prefixes), true);
});

test('isCapturedRedirect matches a path prefix only on a segment boundary', () => {
  const prefixes = ['https://app.example.com/LoginRedirect'];
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirect/done#a', prefixes), true);
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirectX#a', prefixes), false);
  assert.equal(isCapturedRedirect('https://app.example.com/loginredirect#a', prefixes), false);
  assert.equal(isCapturedRedirect('https://app.example.com/#a', prefixes), false);
  assert.equal(isCapturedRedirect('https://app.example.com/auth/x', ['https://app.example.com/auth/']), true);
  assert.equal(isCapturedRedirect('https://app.example.com/authx', ['https://app.example.com/auth/']), false);
});

test('isCapturedRedirect requires the same scheme, host and port', () => {
  const prefixes = ['https://app.example.com/LoginRedirect'];
  for (const url of ['http://app.example.com/LoginRedirect', 'https://app.example.com:8443/LoginRedirect',
    'https://evil.example.com/LoginRedirect', 'https://app.example.com.evil.example/LoginRedirect',
    'https://evil.example/https://app.example.com/LoginRedirect']) {
    assert.equal(isCapturedRedirect(url, prefixes), false, url);
  }
  assert.equal(isCapturedRedirect('http://localhost:3000/cb#x', ['http://localhost:3000/cb']), true);
  assert.equal(isCapturedRedirect('http://localhost:3001/cb#x', ['http://localhost:3000/cb']), false);
});

test('isCapturedRedirect requires the exact query when the prefix has one', () => {
  const prefixes = ['https://app.example.com/cb?app=crm'];
  assert.equal(isCapturedRedirect('https://app.example.com/cb?app=crm#a', prefixes), true);
  assert.equal(isCapturedRedirect('https://app.example.com/cb?app=other#a', prefixes), false);
});

test('isCapturedRedirect refuses URLs with user info, invalid URLs and empty prefix lists', () => {
  const prefixes = ['https://app.example.com/LoginRedirect'];
  assert.equal(isCapturedRedirect('https://user@app.example.com/LoginRedirect', prefixes), false);
  assert.equal(isCapturedRedirect('not a url', prefixes), false);
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirect', []), false);
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirect', undefined), false);
  assert.equal(isCapturedRedirect('https://app.example.com/LoginRedirect', ['garbage', 'ftp://app.example.com/LoginRedirect']), false);
});

test('Zoho\'s throttle (access_denied with "too many requests") is told apart from a person declining', async () => {
  const { isZohoThrottle } = await import('../lib/fragment.js');
  const text = 'You have made too many requests continuously. Please try again after some time.';
  const r = parseRedirect(`https://x.chromiumapp.org/cb#error=access_denied&error_description=${encodeURIComponent(text)}`);
  assert.equal(r.error.code, 'zoho_throttled');
  assert.doesNotMatch(r.error.message, /declined/);
  assert.equal(parseRedirect('https://x.chromiumapp.org/cb#error=access_denied').error.message, 'You declined access at Zoho.');
  assert.equal(isZohoThrottle('Access Denied', text), true, 'the JSON body of the token endpoints');
  assert.equal(isZohoThrottle('access_denied', 'The user denied access'), false);
});

test('redirectState reads the state of a token answer and of an error answer alike', async () => {
  const { redirectState } = await import('../lib/fragment.js');
  assert.equal(redirectState('https://a.example/cb#access_token=x&state=s1'), 's1');
  assert.equal(redirectState('https://a.example/cb#error=access_denied&state=s2'), 's2');
  assert.equal(redirectState('https://a.example/cb?error=client_not_granted&state=s3'), 's3');
  assert.equal(redirectState('https://a.example/cb#access_token=x'), null);
  assert.equal(redirectState('not a url'), null);
});
