// Firefox containers in the background (lib/containers.js): a web app's sign-in seen in a container tab is kept
// under the container's installation, and the container's token, when it is the active user, is renewed here in a
// background tab of that same container, so Zoho sees that container's session. Never through launchWebAuthFlow or
// a tab of the default container, whose Zoho session is another person's. Browser APIs come in as parameters, so
// node's test runner drives it with a fake browser.

import { borrowedScope, readBorrowedToken } from './active-user.js';
import { checkedIdentity } from './token-identity.js';
import { borrowProblem } from '../lib/active-user.js';
import { containerGoneMessage, containerInstallation, containerKey, containerLabel, containerOf,
  containerRefreshMessage } from '../lib/containers.js';

/** The alarm that renews a container's token at its refresh_at: this prefix and the container's installation. */
export const CONTAINER_ALARM = 'zcrm-refresh-container:';
// A 401 is met with one renewal per container in this time, as the profile's own (bg/session.js REJECT_RENEW_MS).
const REJECT_RENEW_MS = 10 * 60 * 1000;

/** The container's token could not be renewed in it (web code SIGN_IN_NEEDED); the message says the way on. */
export class ContainerRefreshError extends Error {
  code = 'SIGN_IN_NEEDED';
}

/** The cookieStoreId of the container a webRequest event came from, or null (default store, private, Chromium). */
export async function containerOfRequest(details, tabs) {
  let id = details.cookieStoreId;
  if (id === undefined && details.tabId >= 0 && tabs?.get) id = (await tabs.get(details.tabId).catch(() => null))?.cookieStoreId;
  return containerKey(id) ? id : null;
}

/**
 * @param {object} session the background Session (scope, settings, endpoints, refreshStatus)
 * @param {{request: Function}} host the host client
 * @param {{store: object, zoho: object, identities?: object, readOrg?: Function, readUser?: Function}} browser
 *   `store` (loadContainerVia, saveContainerVia), `zoho` (authorizeInTab), `identities` (Firefox's
 *   contextualIdentities, absent elsewhere), `readOrg`/`readUser` (token, api) as the Session's, `alarms` (create)
 */
export function makeContainerTokens(session, host, { store, zoho, identities, alarms = null, readOrg = async () => null,
  readUser = async () => null }) {
  const renewing = new Map(); // installation -> the renewal running for it, which a second read joins
  const renewedAfterReject = new Map(); // installation -> when a 401 last led to its renewal
  // installation -> {storedAt, message} of the token whose renewal on a read failed: later reads get the same answer
  // and ask Zoho no more (a page reading in a loop would otherwise spend the refresh budget the whole client
  // shares, as the profile's own gives up on a token, bg/session.js #gaveUpOn); a new sign-in there starts again.
  const failedOnRead = new Map();

  // Keeps a container's token under its installation, never over this profile's own, whose sign-in state stays as
  // it is. `held`: on a refresh, the token.status it renews (its org and user are kept).
  async function keep(token, source, installation, held = null) {
    const settings = session.settings;
    const identity = await checkedIdentity(token, { settings, dc: session.scope().dc, held: held?.present ? held : null,
      readOrg, readUser });
    const stored = await host.request('token.store', { ...session.scope(), installation, source, token,
      refresh_margin_s: settings.refreshEarlyMinutes * 60, ...identity });
    // Renewed at its refresh_at like the profile's own, where Zoho granted session access (else it always refuses).
    if (alarms && String(token.granted_for_session) === 'true' && stored?.refresh_at) {
      await alarms.create(`${CONTAINER_ALARM}${installation}`, { when: Math.max(stored.refresh_at, Date.now() + 1000) });
    }
    await session.refreshStatus({ listTokens: true });
    return stored;
  }

  // Whether Firefox says the container is gone. A container it cannot describe (WebDriver's have no icon) is there.
  const gone = (cookieStoreId) => (identities?.get ? identities.get(cookieStoreId)
    .then(() => false, (e) => /invalid contextual identity/i.test(String(e?.message))) : Promise.resolve(false));

  async function renew(choice) {
    const label = choice.where;
    if (await gone(choice.container)) throw new ContainerRefreshError(containerGoneMessage(label));
    const via = await store.loadContainerVia(choice.installation);
    if (!via?.redirectUri) {
      throw new ContainerRefreshError(containerRefreshMessage(label, 'no web app sign-in of that container is known to renew it from'));
    }
    const scope = borrowedScope(session.scope(), choice);
    const held = await host.request('token.status', scope);
    try {
      await host.request('budget.reserve', { client_id: scope.client_id, kind: 'refresh' });
    } catch (e) {
      throw new ContainerRefreshError(containerRefreshMessage(label, e.message));
    }
    const granted = held.scope?.split(/[ ,]+/).filter(Boolean);
    let token;
    try {
      token = await zoho.authorizeInTab({ accounts: session.endpoints({ location: choice.dc }).accounts,
        clientId: scope.client_id, scopes: granted?.length ? granted : session.settings.scopes,
        redirectUri: via.redirectUri, cookieStoreId: choice.container });
    } catch (e) {
      if (e?.containerGone) throw new ContainerRefreshError(containerGoneMessage(label));
      throw new ContainerRefreshError(containerRefreshMessage(label, e?.message ?? String(e)));
    }
    await keep(token, 'refresh', choice.installation, held);
  }

  return {
    /** Keeps a token captured in container `cookieStoreId` (from the web app's `redirectUri`) under its installation. */
    async storeCaptured(token, cookieStoreId, redirectUri) {
      const installation = containerInstallation(session.scope().installation, cookieStoreId);
      if (!installation) throw new Error('this browser profile has no installation ID to keep a container\'s sign-in under');
      await store.saveContainerVia(installation, { kind: 'capture', redirectUri, cookieStoreId });
      const stored = await keep(token, 'login', installation);
      if (stored?.dc) await store.saveContainerVia(installation, { kind: 'capture', redirectUri, cookieStoreId, dc: stored.dc });
    },

    /**
     * The alarm of a container's token (CONTAINER_ALARM): renews it in its container. Resolves false for another
     * alarm. A renewal that fails is not tried again by itself (Zoho locks out clients that retry); when that
     * container's user is the active one, the popup says why and the way on, as a read would.
     */
    async onAlarm(name) {
      if (!name.startsWith(CONTAINER_ALARM)) return false;
      await session.configured; // the alarm may be what woke the background, before its settings were read
      const installation = name.slice(CONTAINER_ALARM.length);
      const container = containerOf(session.scope().installation, installation);
      const via = container ? await store.loadContainerVia(installation) : null;
      if (!via) return true;
      const choice = { installation, container, dc: via.dc ?? session.scope().dc, where: containerLabel(container, await this.names()) };
      await this.refresh(choice).catch((e) => {
        if (session.state?.activeUser?.installation === installation) session.noteActiveUser(e.message);
      });
      return true;
    },

    /** Renews the container's token in a tab of that container; one renewal per container at a time. */
    refresh(choice) {
      if (!renewing.has(choice.installation)) {
        renewing.set(choice.installation, renew(choice).finally(() => renewing.delete(choice.installation)));
      }
      return renewing.get(choice.installation);
    },

    /**
     * Zoho CRM answered 401 to the active container user's token: one renewal in its container per REJECT_RENEW_MS,
     * where Zoho granted session access. Resolves true when a renewed token is ready for another try; a renewal that
     * fails is shown in the popup.
     */
    async renewRejected(choice) {
      if (Date.now() - (renewedAfterReject.get(choice.installation) ?? 0) < REJECT_RENEW_MS) return false;
      const status = await host.request('token.status', borrowedScope(session.scope(), choice)).catch(() => null);
      if (!status?.present || status.granted_for_session !== true) return false;
      renewedAfterReject.set(choice.installation, Date.now());
      return this.refresh(choice).then(() => true, (e) => {
        session.noteActiveUser(e.message);
        return false;
      });
    },

    /**
     * The active container user's token for CRM calls or a web app: renewed here first when it is due. Resolves
     * null when the token is no longer stored; throws ContainerRefreshError when it could not be renewed.
     */
    async read(choice, forOrigin) {
      const status = await host.request('token.status', borrowedScope(session.scope(), choice));
      const problem = borrowProblem(status, Date.now());
      if (problem === 'gone') return null;
      if (problem) {
        const failed = failedOnRead.get(choice.installation);
        if (failed && failed.storedAt === status.stored_at) throw new ContainerRefreshError(failed.message);
        await this.refresh(choice).catch((e) => {
          failedOnRead.set(choice.installation, { storedAt: status.stored_at, message: e.message });
          throw e;
        });
      }
      return readBorrowedToken(host, session.scope(), choice, forOrigin);
    },

    /**
     * Signs a container's user out (the popup's "Sign out" on its row): the token is revoked at Zoho where it can
     * be, forgotten by the host, and neither renewed nor used here again; this profile's own sign-in stays. Answers
     * {ok, revoked} or {ok: false, error} for an installation that is not one of this profile's containers.
     */
    async signOut(installation) {
      const container = containerOf(session.scope().installation, installation);
      if (!container) {
        return { ok: false, error: { code: 'ERROR', message: 'Only a Firefox container of this browser profile can be signed out here.' } };
      }
      const entry = session.state?.machineTokens?.find((t) => t.installation === installation);
      const via = await store.loadContainerVia(installation);
      const scope = { client_id: session.scope().client_id, dc: String(entry?.dc ?? via?.dc ?? session.scope().dc), installation };
      let revoked = false;
      const token = await host.request('token.get', scope).catch(() => null);
      if (token?.access_token) {
        revoked = await zoho.revoke(session.endpoints({ location: scope.dc }).accounts, token.access_token).catch(() => false);
      }
      await host.request('token.forget', scope);
      await store.forgetContainerVia?.(installation);
      await alarms?.clear?.(`${CONTAINER_ALARM}${installation}`);
      failedOnRead.delete(installation);
      if (session.state?.activeUser?.installation === installation) await session.useUser(null);
      else await session.refreshStatus({ listTokens: true });
      // Said beside the list it was signed out from, as the profile's own sign-out says it.
      if (!revoked) {
        const label = containerLabel(container, await this.names());
        session.noteActiveUser(`Signed out of ${label} here; Zoho could not confirm the token was revoked (it expires within the hour).`);
      }
      return { ok: true, revoked };
    },

    /** The names of this profile's containers by cookieStoreId, as far as Firefox gives them ({} elsewhere). */
    async names() {
      const list = await identities?.query?.({}).catch(() => null);
      return Object.fromEntries((list ?? []).map((c) => [c.cookieStoreId, c.name]));
    },
  };
}
