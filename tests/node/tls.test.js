'use strict';
// HTTPS against the emulator's generated certificate (issue 8, item 5): refused by default with a
// CertificateError naming the fix, after one connection (never retried); trusted through
// `caBundle`, AWS_CA_BUNDLE or a profile's ca_bundle; accepted with `rejectUnauthorized: false`
// (also via requestHandler.httpsAgent or NODE_TLS_REJECT_UNAUTHORIZED=0) under a SecurityWarning;
// plain HTTP only when the endpoint says http://.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');
const { pkg, validInput, clientFor } = require('./helpers');

const ENV = [
  'AWS_CA_BUNDLE', 'AWS_CONFIG_FILE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING',
  'NODE_TLS_REJECT_UNAUTHORIZED', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy',
  'NO_PROXY', 'no_proxy',
];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
let https;
let plain;
let dir;

test.before(async () => {
  for (const k of ENV) delete process.env[k];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcs-node-tls-'));
  // No profile of the machine running the tests may add a CA bundle.
  process.env.AWS_CONFIG_FILE = path.join(dir, 'no-config');
  https = await pkg.startEmulator({ tls: true });
  plain = await pkg.startEmulator();
});
test.after(async () => {
  await https.stop();
  await plain.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

/** Runs `fn` with environment variables set, then puts them back. */
async function withEnv(vars, fn) {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The invitations the emulator holds went from `before` to `before + 1`. */
async function storesOne(emu, call) {
  const before = emu.invitationCount();
  const out = await call();
  assert.match(out.Id, /^engi-/);
  assert.equal(emu.invitationCount(), before + 1);
  return out;
}

/** Warnings emitted while `fn` runs (process.emitWarning reports them on a later tick). */
async function warningsDuring(fn) {
  const seen = [];
  const listener = (w) => seen.push(w);
  process.on('warning', listener);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

/** The server learns of a refusal when the client's alert arrives, just after the client gave up. */
async function refusedHandshakes(emu, before) {
  for (let i = 0; i < 500 && emu.stats().tlsHandshakeFailures === before; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return emu.stats().tlsHandshakeFailures - before;
}

test('the emulator serves HTTPS and hands out the CA to trust', () => {
  assert.match(https.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(fs.readFileSync(https.caBundle, 'utf8'), https.caPem);
  assert.ok(https.caPem.startsWith('-----BEGIN CERTIFICATE-----'));
  assert.equal(plain.caBundle, undefined);
  assert.equal(plain.caPem, undefined);
});

test('by default the certificate is refused once, with a CertificateError naming the fix', async () => {
  const stats = https.stats();
  const stored = https.invitationCount();
  await assert.rejects(clientFor(https, { maxAttempts: 3 }).createEngagementInvitation(validInput()), (err) => {
    assert.ok(err instanceof pkg.CertificateError, String(err));
    assert.ok(err instanceof pkg.ConnectionError);
    assert.equal(err.name, 'CertificateError');
    assert.equal(err.$fault, 'client');
    assert.ok(err.message.includes(https.url), err.message);
    assert.ok(err.message.includes('caBundle') && err.message.includes('AWS_CA_BUNDLE'), err.message);
    return true;
  });
  assert.equal(await refusedHandshakes(https, stats.tlsHandshakeFailures), 1);
  const after = https.stats();
  assert.equal(after.connections - stats.connections, 1, 'a certificate error is never retried');
  assert.equal(after.requests, stats.requests);
  assert.equal(https.invitationCount(), stored);
});

test('caBundle trusts the emulator', async () => {
  await storesOne(https, () => clientFor(https, { caBundle: https.caBundle }).createEngagementInvitation(validInput()));
});

test('AWS_CA_BUNDLE trusts the emulator', async () => {
  await withEnv({ AWS_CA_BUNDLE: https.caBundle }, () =>
    storesOne(https, () => clientFor(https).createEngagementInvitation(validInput())));
});

test("a profile's ca_bundle trusts the emulator, and only that profile", async () => {
  const config = path.join(dir, 'config');
  fs.writeFileSync(config, `[profile lab]\nregion = us-east-1\nca_bundle = ${https.caBundle}\n[profile plain]\nregion = us-east-1\n`);
  await withEnv({ AWS_CONFIG_FILE: config }, async () => {
    await storesOne(https, () => clientFor(https, { profile: 'lab' }).createEngagementInvitation(validInput()));
    await assert.rejects(clientFor(https, { profile: 'plain' }).createEngagementInvitation(validInput()), pkg.CertificateError);
  });
});

test('rejectUnauthorized: false is accepted, with a SecurityWarning', async () => {
  const warnings = await warningsDuring(() =>
    storesOne(https, () => clientFor(https, { rejectUnauthorized: false }).createEngagementInvitation(validInput())));
  assert.equal(warnings.length, 1, warnings.map(String).join('\n'));
  assert.equal(warnings[0].name, 'SecurityWarning');
  assert.equal(warnings[0].code, 'PARTNERCENTRAL_SELLING_TLS_UNVERIFIED');
  assert.ok(warnings[0].message.includes(https.url), warnings[0].message);
  assert.ok(warnings[0].message.includes('caBundle'), warnings[0].message);
});

test('the JS SDK places for turning checks off work too, and warn', async () => {
  const https_ = require('node:https');
  for (const extra of [
    { requestHandler: { httpsAgent: new https_.Agent({ rejectUnauthorized: false }) } },
    { requestHandler: { httpsAgent: { rejectUnauthorized: false } } },
  ]) {
    const warnings = await warningsDuring(() =>
      storesOne(https, () => clientFor(https, extra).createEngagementInvitation(validInput())));
    assert.deepEqual(warnings.map((w) => w.code), ['PARTNERCENTRAL_SELLING_TLS_UNVERIFIED']);
  }
  await withEnv({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }, async () => {
    const warnings = await warningsDuring(() =>
      storesOne(https, () => clientFor(https).createEngagementInvitation(validInput())));
    assert.deepEqual(warnings.map((w) => w.code), ['PARTNERCENTRAL_SELLING_TLS_UNVERIFIED']);
  });
});

test('an https.Agent ca is refused with a pointer to caBundle; bad option types too', () => {
  const https_ = require('node:https');
  assert.throws(
    () => clientFor(https, { requestHandler: { httpsAgent: new https_.Agent({ ca: https.caPem }) } }),
    (err) => err instanceof pkg.ConfigurationError && err.message.includes('caBundle'),
  );
  assert.throws(() => clientFor(https, { caBundle: 42 }), pkg.ConfigurationError);
  assert.throws(() => clientFor(https, { rejectUnauthorized: 'no' }), pkg.ConfigurationError);
});

test('verified HTTPS and plain HTTP never warn', async () => {
  const warnings = await warningsDuring(async () => {
    await clientFor(https, { caBundle: https.caBundle }).createEngagementInvitation(validInput());
    // rejectUnauthorized: false over plain HTTP has nothing to skip.
    await clientFor(plain, { rejectUnauthorized: false }).createEngagementInvitation(validInput());
  });
  assert.deepEqual(warnings, []);
});

test('plain HTTP works when the endpoint says so, in the options or the environment', async () => {
  assert.match(plain.url, /^http:\/\//);
  await storesOne(plain, () => clientFor(plain).createEngagementInvitation(validInput()));
  await withEnv({ AWS_ENDPOINT_URL: plain.url }, () =>
    storesOne(plain, () =>
      new pkg.PartnerCentralSellingClient({ region: 'us-east-1', credentials: plain.credentials })
        .createEngagementInvitation(validInput())));
});

/** A loopback proxy that reads the first request line of one connection, then hangs up. */
async function oneShotProxy() {
  let resolveLine;
  const firstLine = new Promise((resolve) => { resolveLine = resolve; });
  const server = net.createServer((socket) => {
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      const end = seen.indexOf('\r\n');
      if (end >= 0) {
        resolveLine(seen.slice(0, end));
        socket.destroy();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}`, firstLine, close: () => server.close() };
}

test('the default endpoint is HTTPS in every region (seen at a loopback proxy, never sent further)', async () => {
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    const proxy = await oneShotProxy();
    try {
      await withEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '' }, async () => {
        const client = new pkg.PartnerCentralSellingClient({ region, credentials: https.credentials, maxAttempts: 1 });
        await assert.rejects(client.createEngagementInvitation(validInput()), pkg.ConnectionError);
      });
      assert.equal(await proxy.firstLine, `CONNECT partnercentral-selling.${region}.api.aws:443 HTTP/1.1`);
    } finally {
      proxy.close();
    }
  }
});

test('the CA bundle goes where asked and stays; a temporary one goes with the emulator', async () => {
  const file = path.join(dir, 'emulator-ca.pem');
  const named = await pkg.startEmulator({ caBundleFile: file });
  assert.equal(named.caBundle, file);
  await storesOne(named, () => clientFor(named, { caBundle: file }).createEngagementInvitation(validInput()));
  await named.stop();
  assert.ok(fs.readFileSync(file, 'utf8').startsWith('-----BEGIN CERTIFICATE-----'));

  const temporary = await pkg.startEmulator({ tls: true });
  const bundle = temporary.caBundle;
  assert.ok(fs.existsSync(bundle));
  await temporary.stop();
  assert.ok(!fs.existsSync(bundle), 'the temporary CA bundle outlived the emulator');
});

test('unusable certificate files are a clear error naming the file', async () => {
  const bad = path.join(dir, 'key.pem');
  fs.writeFileSync(bad, 'not a key');
  await assert.rejects(pkg.startEmulator({ tlsCertFile: https.caBundle, tlsKeyFile: bad }), (err) => {
    assert.ok(err.message.includes(bad), err.message);
    return true;
  });
});
