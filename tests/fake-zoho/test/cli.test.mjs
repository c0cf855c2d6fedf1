import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../server.mjs';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));

test('CLI arguments map to startFakeZoho options', () => {
  const o = parseArgs(['--port', '0', '--location', 'eu', '--client-id', '1000.X', '--redirect-uri', 'https://a/cb',
    '--redirect-uri=https://b/cb', '--records', '42', '--auto-approve']);
  assert.deepEqual(o.clients, [{ clientId: '1000.X', redirectUris: ['https://a/cb', 'https://b/cb'] }]);
  assert.equal(o.location, 'eu');
  assert.deepEqual(o.records, { Accounts: 42 });
  assert.equal(o.autoApprove, true);
  assert.throws(() => parseArgs(['--bogus']), /unknown argument/);
  const multi = parseArgs(['--data-centers', 'us,eu,ae']);
  assert.deepEqual(multi.dataCenters, ['us', 'eu', 'ae']);
  assert.equal(multi.location, 'us');
  assert.equal(parseArgs(['--data-centers=eu,ae']).location, 'eu', 'the first listed DC when us is not served');
  const load = parseArgs(['--crm-concurrency', '5', '--crm-latency=30']);
  assert.equal(load.crmConcurrency, 5);
  assert.equal(load.crmLatencyMs, 30);
});

test('CLI prints one JSON line with the url, serves, and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--location', 'eu', '--client-id', '1000.CLI',
    '--redirect-uri', 'https://abc.chromiumapp.org/cb', '--records', '7'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!out.includes('\n')) out += (await once(child.stdout, 'data'))[0];
    const { url, dcs } = JSON.parse(out.split('\n')[0]);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(dcs, { eu: url });
    const root = await (await fetch(`${url}/`)).json();
    assert.equal(root.location, 'eu');
    const page = await fetch(`${url}/oauth/v2/auth?client_id=1000.CLI&response_type=token`
      + '&redirect_uri=https://abc.chromiumapp.org/cb&scope=ZohoCRM.users.READ&state=s');
    assert.equal(page.status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});
