// Serves the example web app and the client script on loopback, for the web-app tests.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const FILES = {
  '/': ['examples/web-app/index.html', 'text/html'],
  '/zcrm-bridge-client.js': ['extension/client/zcrm-bridge-client.js', 'text/javascript'],
  '/frame.html': ['tests/e2e/pages/frame.html', 'text/html'],
  '/frame-host.html': ['tests/e2e/pages/frame-host.html', 'text/html'],
};

// Pages for the trust-boundary tests: a plain page, one served with `CSP: sandbox`, and one that frames a URL
// (optionally as a sandboxed iframe). The tests run their requests inside these documents.
const TRUST_PAGES = {
  '/plain': { headers: {}, body: () => '<!doctype html><title>plain</title><p>plain</p>' },
  '/csp-sandboxed': { headers: { 'content-security-policy': 'sandbox allow-scripts' },
    body: () => '<!doctype html><title>sandboxed</title><p>CSP sandbox</p>' },
  '/framer': { headers: {}, body: (url) => {
    const src = url.searchParams.get('src') ?? '/plain';
    const sandbox = url.searchParams.has('sandbox') ? ' sandbox="allow-scripts"' : '';
    return `<!doctype html><title>framer</title><iframe id="child"${sandbox} src="${src.replace(/"/g, '&quot;')}"></iframe>`;
  } },
};

export async function startWebApp() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = FILES[url.pathname];
    if (url.pathname === '/LoginRedirect' || url.pathname === '/Elsewhere') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Signed in</title><p id="landed">Back from Zoho.</p>');
      return;
    }
    const page = TRUST_PAGES[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html', ...page.headers });
      res.end(page.body(url));
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1] });
    res.end(await readFile(path.join(ROOT, file[0])));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return { port, allowed: `http://localhost:${port}`, other: `http://127.0.0.1:${port}`, close: () => server.close() };
}
