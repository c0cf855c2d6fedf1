// A token on a capture URL is kept only when Zoho's accounts server sent it (lib/capture-proof.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { carriesToken, judgeZohoRedirect, startsZohoSignIn, tokenInQuery } from '../lib/capture-proof.js';

const LANDING = 'https://app.example.com/LoginRedirect';
const settings = { clientId: '1000.ABC', redirectCaptures: [LANDING], baseUrlOverride: { accounts: '', api: '' } };
const zoho = (origin = 'https://accounts.zoho.com', path = '/oauth/v2/auth', client = '1000.ABC') =>
  `${origin}${path}?response_type=token&client_id=${client}&redirect_uri=${encodeURIComponent(LANDING)}`;
const landing = (extra = '') => `${LANDING}#access_token=1000.tok&expires_in=3600${extra}`;

test('a redirect from Zoho\'s us accounts server to the capture URL is kept, with the configured prefix', () => {
  const v = judgeZohoRedirect({ from: zoho(), to: landing('&location=us'), settings });
  assert.equal(v.ok, true);
  assert.equal(v.prefix, LANDING);
  assert.equal(v.token.access_token, '1000.tok');
  assert.equal(v.dc, 'us');
});

test('the silent-refresh endpoint counts as Zoho too', () => {
  assert.equal(judgeZohoRedirect({ from: zoho(undefined, '/oauth/v2/auth/refresh'), to: landing(), settings }).ok, true);
});

test('a redirect from any other server, or another Zoho path, is not Zoho\'s answer', () => {
  assert.deepEqual(judgeZohoRedirect({ from: 'https://evil.example.net/oauth/v2/auth', to: landing(), settings }), { capture: false });
  assert.deepEqual(judgeZohoRedirect({ from: zoho(undefined, '/signin'), to: landing(), settings }), { capture: false });
  assert.deepEqual(judgeZohoRedirect({ from: 'https://accounts.zoho.com.evil.net/oauth/v2/auth', to: landing(), settings }),
    { capture: false });
});

test('a redirect to a URL that is not a capture URL is none of our business', () => {
  assert.deepEqual(judgeZohoRedirect({ from: zoho(), to: 'https://app.example.com/Other#access_token=x', settings }),
    { capture: false });
});

test('a Zoho sign-in for another client ID with the same redirect URL is refused', () => {
  const v = judgeZohoRedirect({ from: zoho(undefined, undefined, '1000.ATTACKER'), to: landing(), settings });
  assert.equal(v.error.code, 'other_client');
});

test('a token in the query is refused even from Zoho', () => {
  const v = judgeZohoRedirect({ from: zoho(), to: `${LANDING}?access_token=1000.tok&expires_in=3600`, settings });
  assert.equal(v.error.code, 'token_in_query');
});

test('a location the issuing server does not serve is refused; the us hub may issue other data centres', () => {
  assert.equal(judgeZohoRedirect({ from: zoho('https://accounts.zoho.eu'), to: landing('&location=us'), settings }).error.code,
    'wrong_issuer');
  assert.equal(judgeZohoRedirect({ from: zoho('https://accounts.zoho.eu'), to: landing('&location=eu'), settings }).dc, 'eu');
  assert.equal(judgeZohoRedirect({ from: zoho(), to: landing('&location=eu'), settings }).dc, 'eu');
  assert.equal(judgeZohoRedirect({ from: zoho(), to: landing('&location=cn'), settings }).error.code, 'wrong_issuer',
    'China is outside the shared multi-DC sign-in');
});

test('without a location the token belongs to the issuing server\'s data centre', () => {
  assert.equal(judgeZohoRedirect({ from: zoho('https://accounts.zoho.in'), to: landing(), settings }).dc, 'in');
});

test('with a server override, that origin is the accounts server of every data centre', () => {
  const s = { ...settings, baseUrlOverride: { accounts: 'http://127.0.0.1:9000', api: '' } };
  assert.equal(judgeZohoRedirect({ from: zoho('http://127.0.0.1:9000'), to: landing('&location=eu'), settings: s }).dc, 'eu');
  assert.deepEqual(judgeZohoRedirect({ from: zoho(), to: landing(), settings: s }), { capture: false });
});

test('Zoho\'s error answers are reported, not stored', () => {
  const v = judgeZohoRedirect({ from: zoho(), to: `${LANDING}#error=access_denied`, settings });
  assert.equal(v.ok, false);
  assert.equal(v.error.code, 'zoho_error');
});

test('carriesToken sees a token in the fragment or the query, and nothing else', () => {
  assert.equal(carriesToken(landing()), true);
  assert.equal(carriesToken(`${LANDING}?access_token=x`), true);
  assert.equal(carriesToken(`${LANDING}#state=x`), false);
  assert.equal(carriesToken('not a url'), false);
});

test('tokenInQuery sees only the query', () => {
  assert.equal(tokenInQuery(`${LANDING}?access_token=x`), true);
  assert.equal(tokenInQuery(landing()), false);
});

test('the consent form\'s answer elsewhere on the accounts server counts when /oauth/v2/auth began the flow', () => {
  const from = 'https://accounts.zoho.com/oauth/v2/approve';
  assert.equal(judgeZohoRedirect({ from, to: landing(), startedWith: zoho(), settings }).ok, true);
  assert.deepEqual(judgeZohoRedirect({ from, to: landing(), settings }), { capture: false }, 'no flow began');
  assert.deepEqual(judgeZohoRedirect({ from, to: landing(), startedWith: 'https://evil.example.net/oauth/v2/auth', settings }),
    { capture: false });
  assert.equal(judgeZohoRedirect({ from, to: landing(), startedWith: zoho(undefined, undefined, '1000.X'), settings }).error.code,
    'other_client');
});

test('startsZohoSignIn knows the sign-in and refresh endpoints of the accounts servers only', () => {
  assert.equal(startsZohoSignIn(zoho(), settings), true);
  assert.equal(startsZohoSignIn(zoho('https://accounts.zoho.ae'), settings), true, 'the UAE data centre');
  assert.equal(startsZohoSignIn(zoho('https://accounts.zoho.xy'), settings), false);
  assert.equal(startsZohoSignIn('https://evil.example.net/oauth/v2/auth', settings), false);
});
