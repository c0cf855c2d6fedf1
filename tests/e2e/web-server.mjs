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

export async function startWebApp() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = FILES[url.pathname];
    if (url.pathname === '/LoginRedirect' || url.pathname === '/Elsewhere') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Signed in</title><p id="landed">Back from Zoho.</p>');
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
