// The calls of tests/node/secrets.test.mjs, run in a child process so that everything it writes
// (the native module's output included) can be searched. Prints util.inspect of every client,
// result and error to stdout; writes the signatures seen on the wire to the file named by
// SIGNATURES_FILE (outside the searched output).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import util from 'node:util';

const require = createRequire(import.meta.url);
const pcs = require('../../bindings-node');
const secrets = JSON.parse(readFileSync(new URL('./secrets.json', import.meta.url), 'utf8'));

function show(value) {
  console.log(util.inspect(value, { depth: 20, showHidden: true }));
  console.log(util.format('%o', value));
  console.log(String(value));
  if (value instanceof Error) console.log(value.stack);
  try {
    console.log(JSON.stringify(value));
  } catch {
    // Not serializable: inspect above shows it.
  }
}

// A TCP relay in front of the emulator keeping every byte the client sends.
const sent = [];
const emulator = await pcs.startEmulator();
const backend = new URL(emulator.url);
const relay = net.createServer((client) => {
  const server = net.connect(Number(backend.port), backend.hostname);
  client.on('data', (chunk) => sent.push(chunk));
  client.pipe(server).pipe(client);
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
});
await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
const relayUrl = `http://127.0.0.1:${relay.address().port}`;

async function admin(faults) {
  const answer = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  assert.equal(answer.status, 200);
}

const { credentials } = secrets;
const client = (secretAccessKey) =>
  new pcs.PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: relayUrl,
    maxAttempts: 3,
    credentials: { accessKeyId: credentials.access_key_id, secretAccessKey, sessionToken: credentials.session_token },
  });
const rejection = (promise) => promise.then(() => assert.fail('expected a rejection'), (e) => e);

const good = client(credentials.secret_access_key);
show(good);
show(good.config);
show(await good.createEngagementInvitation(structuredClone(secrets.request)));

await admin({ next: ['error', 'throttle'] });
const retried = await good.createEngagementInvitation(structuredClone(secrets.request));
assert.equal(retried.$metadata.attempts, 3);
show(retried);

await admin({ next: ['store_then_fail', 'store_then_fail', 'store_then_fail'] });
const failed = await rejection(good.createEngagementInvitation(structuredClone(secrets.request)));
assert.equal(failed.name, 'InternalServerException');
show(failed);

const invalid = await rejection(good.createEngagementInvitation(structuredClone(secrets.invalid_request)));
assert.ok(invalid instanceof pcs.ValidationError);
show(invalid);
show(pcs.validate(structuredClone(secrets.invalid_request)));

const unknown = structuredClone(secrets.request);
unknown.EngagementIdentifier = 'eng-zzzzzzzzzzzzzz';
const notFound = await rejection(good.createEngagementInvitation(unknown));
assert.equal(notFound.name, 'ResourceNotFoundException');
show(notFound);

const bad = client(secrets.wrong_secret_access_key);
show(bad);
const refused = await rejection(bad.createEngagementInvitation(structuredClone(secrets.request)));
assert.equal(refused.name, 'InvalidSignatureException');
show(refused);

const wire = Buffer.concat(sent).toString('latin1');
writeFileSync(process.env.SIGNATURES_FILE, JSON.stringify([...wire.matchAll(/Signature=([0-9a-f]{64})/g)].map((m) => m[1])));
relay.close();
await emulator.stop();
