// Type-checked by extension/test/client-package.test.mjs: a page script (not a module) using the global that
// <script src="zcrm-bridge-client.js"> defines.
const pageBridge: ZcrmBridge.Bridge = ZcrmBridge.connect({ extensionId: 'abcdefghijklmnopabcdefghijklmnop' });
pageBridge.getAccount().then((a) => a?.name, (e: ZcrmBridge.BridgeError) => e.code);
pageBridge.crm.request('GET', '/crm/v8/Accounts').catch((e: unknown) => {
  if (e instanceof ZcrmBridge.BridgeError && e.code === 'ZOHO_BUSY') return e.retryAfterMs;
  return undefined;
});
const pageCode: ZcrmBridge.ErrorCode = 'NOT_INSTALLED';
