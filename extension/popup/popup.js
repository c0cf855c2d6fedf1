// The popup: shows what the background knows and sends it the person's actions. No token ever reaches this page.

import { formatAccountsStatus, formatBudget, formatRemaining } from '../lib/format.js';
import { siteActivity } from '../lib/site-activity.js';
import { signedInUsers } from '../lib/signed-in-users.js';
import { stateView } from '../lib/signin-states.js';
import { api } from '../platform/browser.js';

const $ = (id) => document.getElementById(id);
const send = (cmd, extra = {}) => api.runtime.sendMessage({ cmd, ...extra });
const clock = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

let state = null;
let listFor = null; // the accounts generation this popup asked to load and shows
let listCount = -1; // how many accounts the background held when this popup last searched
let userAskedFor = null;
let query = '';
let containerNames = {}; // this profile's Firefox containers' names by cookieStoreId (lib/containers.js)

function notice(text, info = false) {
  $('notice').hidden = !text;
  $('notice').textContent = text ?? '';
  $('notice').classList.toggle('info', info);
}

function renderBudget(kind, b) {
  if (!b) return;
  $(`budget-${kind}`).textContent = formatBudget(b, Date.now(), clock);
  $(`budget-${kind}-meter`).max = b.limit;
  $(`budget-${kind}-meter`).value = b.used;
}

// The chooser: the chosen account and the list. `firstScreen`: the list's first screen, sent with the background's
// first message, shown without asking again.
function renderChooser(s, signedIn, phase, firstScreen) {
  const a = s.accounts;
  $('chooser').hidden = !signedIn;
  $('chosen').textContent = s.account ? `✓ ${s.account.name}` : 'No account chosen yet.';
  // A new list (a sign-in, another source, a sign-out) is loaded and shown afresh; the old one never lingers.
  // A new list, a new sign-in whose list may differ, or another active user (lib/active-user.js), whose org's it is.
  const wanted = `${a.generation}:${s.token?.stored_at}:${s.activeUser?.installation ?? ''}`;
  if (signedIn && phase.name === 'signed_in' && listFor !== wanted) {
    listFor = wanted;
    listCount = a.count;
    send('loadAccounts').then(search);
    if (firstScreen && !query) showResults('', firstScreen);
    else search();
  } else if (signedIn && listFor === wanted && a.count !== listCount) {
    listCount = a.count; // more of the list arrived (a cached chunk, a synced page): the shown results may change
    search();
  } else if (!signedIn && listFor !== null) {
    listFor = null;
    $('accounts').replaceChildren();
  }
}

// Whether the state holds a sign-in the chooser can use.
const isSignedIn = (s) => Boolean(s?.token?.present && !s.token.expired);

function render(firstScreen = null) {
  const s = state;
  const signedIn = isSignedIn(s);
  const phase = s.phase ?? { name: 'not_configured' };
  // The list first: the rest of a first render (times, budgets, users) took 15–20 ms in the popup's first-results
  // benchmark, longer than listing fifty accounts (issue 15: first results at once).
  renderChooser(s, signedIn, phase, firstScreen);
  const view = stateView(phase, { format: clock, budget: s.budget?.[phase.kind === 'refresh' ? 'refresh' : 'login'] });
  // One notice: the host first, then what just failed, then the sign-in's state, then what is merely good to know.
  if (!s.host.ok) notice(s.host.error);
  else if (s.lastError) notice(s.lastError.message);
  else if (s.ignoredCapture) notice(s.ignoredCapture.message);
  else if (view.notice) notice(view.notice, view.info);
  else if (signedIn && s.token.granted_for_session !== true) {
    notice(`Zoho will ask you to sign in again when this sign-in ends at ${clock(s.token.expires_at)}: session access `
      + 'was not granted, so it cannot be renewed silently. Tick "allow access for the session" at Zoho to change that.', true);
  } else notice(null);
  if (s.configured) {
    const org = s.token?.org ? ` · ${s.token.org.name}${s.token.org.type && s.token.org.type !== 'production' ? ` (${s.token.org.type})` : ''}` : '';
    const who = (s.user ? `${s.user.name} · ${s.user.email}` : 'Signed in') + org;
    $('user').textContent = phase.name === 'signin_needed' ? 'Sign-in needed' : signedIn ? who : 'Not signed in';
  }
  $('session').hidden = !s.configured || !s.host.ok;
  $('expiry').textContent = s.token?.present ? formatRemaining(s.token.expires_at - Date.now()) : 'not signed in';
  $('refresh-at').textContent = signedIn ? clock(s.token.refresh_at) : '–';
  renderBudget('login', s.budget?.login);
  renderBudget('refresh', s.budget?.refresh);
  $('signin').hidden = !view.buttons.includes('signin');
  $('signin').disabled = Boolean(s.busy) || !s.host.ok;
  $('signin').textContent = s.busy === 'signin' ? 'Signing in…' : 'Sign in with Zoho';
  $('refresh').hidden = !signedIn;
  $('refresh').disabled = Boolean(s.busy);
  $('signout').hidden = !s.token?.present;
  $('signout').disabled = Boolean(s.busy);
  // Every Zoho user signed in on this computer, in this and other browsers and profiles; shown once there are two.
  const users = s.configured ? signedInUsers(s.machineTokens, { installation: s.installation,
    active: s.activeUser?.installation, containers: containerNames }) : [];
  // Shown once there are two, while another profile's user is active (the way back to this profile's own), or to
  // say why this profile went back to its own.
  $('machine-users').hidden = users.length < 2 && !s.activeUser && !s.activeUserNote;
  $('use-own').hidden = !s.activeUser;
  $('active-user-note').hidden = !s.activeUserNote;
  $('active-user-note').textContent = s.activeUserNote ?? '';
  $('machine-user-list').replaceChildren(...users.map(machineUserItem));
  const sites = siteActivity(s.handouts, s.requests);
  $('handouts').hidden = sites.length === 0;
  $('handout-list').replaceChildren(...sites.map(siteItem));
  const a = s.accounts;
  $('accounts-status').textContent = !a.error && !a.loading && a.loaded && a.count === 0 ? emptySource(s.source)
    : formatAccountsStatus(a, clock);
  $('sync-now').hidden = !signedIn;
  $('sync-now').disabled = Boolean(a.loading);
  // The active user's name: once per sign-in and user, so a failing lookup is not retried every second.
  const userKey = `${s.token?.stored_at}:${s.activeUser?.installation ?? ''}`;
  if (signedIn && !s.user && userAskedFor !== userKey) {
    userAskedFor = userKey;
    send('loadUser');
  }
}

let remoteTimer = null;
let remoteFor = { query: null, results: [] }; // Zoho's search answer for one query, asked once
// The local results, then those of Zoho's answer for this query not listed yet (at most 50 in all).
const withRemote = (asked, local) => (remoteFor.query !== asked ? local
  : local.concat(remoteFor.results.filter((r) => !local.some((l) => l.id === r.id))).slice(0, 50));

async function search() {
  if (!isSignedIn(state)) return; // nothing to choose from without a sign-in
  const asked = query;
  const answer = await send('search', { query: asked });
  if (asked !== query || !answer?.ok || !state.token?.present) return; // a newer keystroke asked, or signed out since
  showResults(asked, withRemote(asked, answer.results));
  // The first sync is still running: once typing pauses, Zoho's search adds what has not loaded yet (one call per
  // query, not one per page that arrives: a search again for the same query leaves the timer as it is).
  if (remoteTimer?.query === asked) return;
  clearTimeout(remoteTimer?.id);
  remoteTimer = null;
  if (answer.remote && remoteFor.query !== asked) {
    remoteTimer = { query: asked };
    remoteTimer.id = setTimeout(async () => {
      remoteTimer = null;
      remoteFor = { query: asked, results: [] }; // asked: not again while the answer is on its way
      const more = await send('searchRemote', { query: asked });
      if (!more?.ok || remoteFor.query !== asked) return;
      remoteFor = { query: asked, results: more.results };
      if (asked === query && state.token?.present) showResults(asked, more.results);
    }, 300);
  }
}

// User Timing mark of the first accounts listed, for bench/extension/popup-first-results.mjs (issue 15: first
// results on screen ≤ 100 ms after the popup opens).
const FIRST_RESULTS_MARK = 'zcrm:first-results';

function showResults(asked, found) {
  let results = found;
  if (results.length === 0 && !asked && state.recent.length) results = state.recent; // before the list loads
  const list = $('accounts');
  list.replaceChildren(...results.map((acc) => item(acc)));
  if (results.length && !performance.getEntriesByName(FIRST_RESULTS_MARK).length) performance.mark(FIRST_RESULTS_MARK);
  if (results.length === 0) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = state.accounts.loading ? 'Still loading…' : asked ? `Nothing matches “${asked}”.` : 'No accounts.';
    list.append(li);
  }
}

const when = (t) => new Date(t).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
const el = (tag, className, text) => Object.assign(document.createElement(tag), { className, textContent: text });
// The answer to switching the active user: its error in the notice, else the chooser's list for the new user.
const showAnswer = (answer) => (answer?.ok ? search() : notice(answer?.error?.message ?? 'Could not switch the Zoho user.'));

// One site: what it did with the sign-in (read the token, CRM calls made for it), newest first.
function machineUserItem(u) {
  const li = el('li', `site${u.here ? ' here' : ''}${u.active ? ' active' : ''}`);
  const head = el('div', 'site-head');
  head.append(el('span', 'site-origin', u.email && u.email !== u.who ? `${u.who} · ${u.email}` : u.who),
    el('span', u.expired ? 'warn' : 'muted', u.expired ? 'ended' : `until ${clock(u.expiresAt)}`));
  li.append(head, el('div', 'site-line muted', [u.where, u.org, u.dc.toUpperCase()].filter(Boolean).join(' · ')));
  // The active user: whose token web apps and the chooser use. Another profile's user of this browser can be made so.
  if (u.active) li.append(el('div', 'site-line active-mark', 'In use by web apps and the chooser'));
  else if (u.usable && !u.expired) {
    const use = el('button', 'use-user', 'Use');
    use.dataset.installation = u.installation;
    use.addEventListener('click', () => send('useUser', { installation: u.installation }).then(showAnswer));
    li.append(use);
  }
  // A Firefox container's user of this profile is signed out here (another profile's, in that profile).
  if (u.container) {
    const out = el('button', 'signout-user', 'Sign out');
    out.dataset.installation = u.installation;
    out.addEventListener('click', () => send('signOutContainer', { installation: u.installation })
      .then((a) => a?.ok || notice(a?.error?.message ?? 'Could not sign that container out.')));
    li.append(out);
  }
  return li;
}

function siteItem(site) {
  const li = el('li', 'site');
  const head = el('div', 'site-head');
  head.append(el('span', 'site-origin', site.origin), el('span', 'muted', when(site.lastAt)));
  li.append(head);
  if (site.tokenReadAt) li.append(el('div', 'site-line warn', `Read the token · ${when(site.tokenReadAt)}`));
  if (site.callCount) {
    const refused = site.refused ? `, ${site.refused} refused` : '';
    li.append(el('div', 'site-line', `${site.callCount} Zoho CRM call${site.callCount === 1 ? '' : 's'} through zcrm-bridge${refused}`));
    for (const c of site.calls) li.append(el('div', 'site-call muted', `${c.method} ${c.path} → ${c.outcome}`));
  }
  return li;
}

function emptySource(source) {
  return source?.type === 'module' ? `No records in ${source.module} yet.` : 'No CRM users to choose from.';
}

function item(acc) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.id = acc.id;
  b.setAttribute('role', 'option');
  b.setAttribute('aria-selected', String(state.account?.id === acc.id));
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = acc.name + (state.account?.id === acc.id ? ' ✓' : '');
  b.append(name);
  const recent = state.recent.some((r) => r.id === acc.id);
  if (acc.detail || recent) {
    const d = document.createElement('span');
    d.className = 'detail';
    d.textContent = [recent ? 'recent' : '', acc.detail].filter(Boolean).join(' · ');
    b.append(d);
  }
  b.addEventListener('click', async () => {
    const account = { id: acc.id, name: acc.name, kind: acc.kind };
    if (acc.kind === 'record') account.module = acc.module;
    const answer = await send('choose', { account });
    if (!answer?.ok) notice(answer?.error?.message ?? 'Could not choose this account.');
    else search();
  });
  li.append(b);
  return li;
}

$('use-own').addEventListener('click', () => send('useUser', { installation: null }).then(showAnswer));
$('signin').addEventListener('click', () => send('signIn'));
$('signout').addEventListener('click', () => send('signOut'));
$('refresh').addEventListener('click', () => send('refresh'));
$('sync-now').addEventListener('click', () => send('syncAccounts').then(search));
$('search').addEventListener('input', (e) => {
  query = e.target.value;
  search();
});
$('options-link').addEventListener('click', (e) => {
  e.preventDefault();
  api.runtime.openOptionsPage();
});

send('containerNames').then((answer) => {
  containerNames = answer?.names ?? {};
  if (state) render();
}, () => {});
// The port early-port.js opened while the page was parsed (a page without it opens its own).
const early = globalThis.zcrmEarlyPort ?? { take: (l) => api.runtime.connect({ name: 'ui' }).onMessage.addListener(l) };
early.take((m) => {
  if (m.type !== 'state') return;
  const first = !state;
  state = m.state;
  render(first ? m.results ?? null : null);
  if (first && state.token?.present && !m.results) search();
  // The cached first screen, read by a background that had just started: shown unless a list already is.
  if (!first && m.results?.length && isSignedIn(state) && !query && !$('accounts').querySelector('button')) {
    showResults('', m.results);
  }
});
// The countdown moves even when nothing else changes.
setInterval(() => state && render(), 1000);
