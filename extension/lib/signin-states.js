// The sign-in of one client ID + data centre as one explicit state, the events that move it, and what the popup
// shows in each state. Pure module: no browser globals; extension/STATES.md documents the table and the test
// (test/signin-states.test.mjs) walks every event from every state.

/** Every state, in the order STATES.md lists them. Frozen. */
export const STATES = Object.freeze([
  'not_configured', // no client ID yet
  'signed_out', // configured, no token (never signed in, signed out, or forgotten)
  'signing_in', // a Zoho sign-in window is open
  'signed_in', // a token the host holds and Zoho accepts
  'refreshing', // a silent refresh is running (scheduled, asked for, or after a 401)
  'signin_needed', // a token that can no longer be used or renewed: why says why
  'budget_spent', // our own budget refuses until `until` (the host's count of Zoho's limits)
  'zoho_blocked', // Zoho blocks new tokens for this client until `until`; nothing is tried before then
  'host_unavailable', // the host cannot serve (not installed, crashed, unsafe state, another protocol): why says why
]);

/** Every event, with what it carries. Frozen. */
export const EVENTS = Object.freeze([
  'configured', // {clientId}: settings applied (also the first event after a service-worker restart)
  'status', // {present, expired, renewable}: the host's token.status
  'signin_started',
  'signin_ok',
  'signin_failed', // {message}: the window failed or Zoho refused
  'signin_declined', // the person declined at Zoho or closed the window
  'refresh_started',
  'refresh_ok',
  'refresh_refused', // {message}: Zoho wants a person (session ended, no session access)
  'capture_failed', // {message}: Zoho answered a web app's own sign-in with an error, or it could not be kept
  'throttled', // {kind, until}: Zoho's "too many requests"; the host records the block
  'budget_refused', // {kind, until}: the host's budget says no
  'api_rejected', // {renewable}: the CRM API answered 401 INVALID_TOKEN to a token the host thinks valid
  'api_empty', // the CRM API answered 204: an empty list, not a sign-in matter
  'host_error', // {code, message}: a host error code (HOST_* = unreachable)
  'signed_out', // the person signed out
  'settings_changed', // {clientId}
  'time_passed', // {now}: a block or budget refusal may have ended
]);

const HOST_DOWN = /^HOST_|^KEY_|^KEYRING_|^STATE_|^VAULT_|^LOCK_|^FORBIDDEN$|^CONFIG_/;

const at = (name, extra = {}) => ({ name, ...extra });

/**
 * The state after `event` in state `state`. Unknown events leave the state as it is; an event that makes no sense
 * in a state (a refresh answer while signed out) leaves it too, so a late answer never undoes a newer one.
 * @param {{name: string}} state
 * @param {{type: string}} event
 * @returns {{name: string, why?: string, until?: number, kind?: string}}
 */
export function nextState(state, event) {
  const s = state?.name ?? 'not_configured';
  const e = event ?? {};
  switch (e.type) {
    case 'configured':
    case 'settings_changed':
      return e.clientId ? at('signed_out') : at('not_configured');
    case 'status':
      if (s === 'not_configured' || s === 'signing_in' || s === 'refreshing') return state;
      if (s === 'zoho_blocked' || s === 'budget_spent') return state; // the block outlives what the host holds
      if (!e.present) return s === 'signin_needed' ? state : at('signed_out');
      if (e.expired) return at('signin_needed', { why: 'Your Zoho sign-in has expired.' });
      return s === 'signin_needed' ? state : at('signed_in');
    case 'signin_started':
      return s === 'not_configured' || s === 'zoho_blocked' ? state : at('signing_in');
    case 'signin_ok':
    case 'refresh_ok':
      return s === 'not_configured' ? state : at('signed_in');
    case 'signin_failed':
      return s === 'signing_in' ? at('signin_needed', { why: e.message }) : state;
    case 'signin_declined':
      return s === 'signing_in' ? at('signed_out') : state;
    case 'refresh_started':
      return s === 'signed_in' || s === 'signin_needed' ? at('refreshing') : state;
    case 'refresh_refused':
      return s === 'refreshing' ? at('signin_needed', { why: e.message }) : state;
    case 'capture_failed':
      return s === 'not_configured' ? state : at('signin_needed', { why: e.message });
    case 'throttled':
      return s === 'not_configured' ? state : at('zoho_blocked', { kind: e.kind, until: e.until });
    case 'budget_refused':
      if (s === 'not_configured' || s === 'zoho_blocked') return state;
      return at('budget_spent', { kind: e.kind, until: e.until });
    case 'api_rejected':
      if (s !== 'signed_in') return state;
      return e.renewable ? at('refreshing') : at('signin_needed', { why: 'Zoho no longer accepts the stored sign-in.' });
    case 'api_empty':
      return state;
    case 'host_error':
      if (HOST_DOWN.test(String(e.code))) return at('host_unavailable', { why: e.message });
      if (e.code === 'NO_TOKEN') return s === 'signin_needed' ? state : at('signed_out');
      if (e.code === 'TOKEN_EXPIRED') return at('signin_needed', { why: 'Your Zoho sign-in has expired.' });
      return state;
    case 'signed_out':
      return s === 'not_configured' ? state : at('signed_out');
    case 'time_passed':
      if ((s === 'zoho_blocked' || s === 'budget_spent') && e.now >= state.until) return at('signed_out');
      return state;
    default:
      return state;
  }
}

const clock = (t, format) => (format ? format(t) : new Date(t).toISOString().slice(11, 16));

/**
 * What the popup shows in a state: a notice (or null), whether it is only information, and the buttons offered.
 * @param {{name: string, why?: string, until?: number, kind?: string}} state
 * @param {{format?: (t: number) => string, budget?: {limit: number, window_ms: number}}} [options] how to write a
 *   time (the popup's locale), and the budget of the state's kind, to say Zoho's rule
 * @returns {{notice: string|null, info: boolean, buttons: string[]}}
 */
export function stateView(state, { format, budget } = {}) {
  const kind = state.kind === 'refresh' ? 'refreshes' : 'sign-ins';
  switch (state.name) {
    case 'not_configured':
      return { notice: 'Set your Zoho client ID in Options first.', info: true, buttons: ['options'] };
    case 'signed_out':
      return { notice: null, info: true, buttons: ['signin'] };
    case 'signing_in':
      return { notice: 'Finish signing in at Zoho, in the window it opened.', info: true, buttons: [] };
    case 'signed_in':
      return { notice: null, info: true, buttons: ['refresh', 'signout'] };
    case 'refreshing':
      return { notice: 'Renewing the sign-in with Zoho…', info: true, buttons: [] };
    case 'signin_needed':
      return { notice: `Sign in needed: ${state.why ?? 'Zoho wants you to sign in again.'}`, info: false, buttons: ['signin', 'signout'] };
    case 'budget_spent':
    {
      const rule = budget ? ` Zoho allows ${budget.limit} per ${Math.round(budget.window_ms / 60000)} min.` : '';
      const what = state.kind === 'refresh' ? 'Refresh' : 'Sign-in';
      // A spent refresh budget leaves sign-in possible; a spent sign-in budget does not.
      return { notice: `${what} budget spent.${rule} Next possible at ${clock(state.until, format)}.`, info: false,
        buttons: state.kind === 'refresh' ? ['signin', 'signout'] : ['signout'] };
    }
    case 'zoho_blocked':
      return { notice: `Zoho is blocking new ${kind} for this client until ${clock(state.until, format)}; nothing will be tried before then.`,
        info: false, buttons: ['signout'] };
    case 'host_unavailable':
      return { notice: state.why ?? 'The zcrm-bridge host is not available.', info: false, buttons: [] };
    default:
      return { notice: null, info: true, buttons: [] };
  }
}
