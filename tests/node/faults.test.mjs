// Exactly once under faults, through the Node package.
//
// Against the emulator's faults (throttle, 500s, dropped connections, "store, then fail", answers
// slower than the request timeout) every logical call ends in exactly one stored invitation or one
// clear error, never two invitations; attempts stay within maxAttempts and time within the
// configured bounds. Invitations are counted in the emulator (its admin routes). Each logical call
// carries its own ClientToken, the pattern a caller uses to retry a failed call later.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pcs = require('../../bindings-node');
const base = JSON.parse(readFileSync(new URL('../hardening/hostile-values.json', import.meta.url), 'utf8')).base;
const MAX_ATTEMPTS = 3;
const REQUEST_TIMEOUT_MS = 400;

let emulator;
beforeEach(async () => {
  emulator = await pcs.startEmulator();
});
afterEach(async () => {
  await emulator.stop();
});

async function admin(route, body) {
  const answer = await fetch(`${emulator.url}/__emulator/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(answer.status, 200, `admin ${route}: ${await answer.clone().text()}`);
  return answer.json();
}
const setFaults = (faults = {}) => admin('faults', faults);
const storedTokens = async () => (await admin('invitations')).invitations.map((i) => i.client_token);

function client(maxAttempts = MAX_ATTEMPTS) {
  return new pcs.PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: emulator.credentials,
    maxAttempts,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: 5000,
  });
}
const input = (token) => ({ ...structuredClone(base), ClientToken: token });
// Every attempt may take a request timeout; backoff is capped; generous slack for a busy host.
const timeBoundMs = (attempts) => attempts * (REQUEST_TIMEOUT_MS + 2500) + 15000;

test('store-then-fail once is retried into one invitation', async () => {
  await setFaults({ next: ['store_then_fail'] });
  const token = randomUUID();
  const out = await client().createEngagementInvitation(input(token));
  assert.equal(out.$metadata.attempts, 2);
  assert.deepEqual(await storedTokens(), [token]);
  assert.equal(emulator.invitationCount(), 1);
});

test('store-then-fail on every attempt is one invitation and one clear error', async () => {
  await setFaults({ next: Array(MAX_ATTEMPTS).fill('store_then_fail') });
  const token = randomUUID();
  const c = client();
  const error = await c.createEngagementInvitation(input(token)).then(
    () => assert.fail('every attempt answered 500'),
    (e) => e,
  );
  assert.ok(error instanceof pcs.InternalServerException, String(error));
  assert.equal(error.name, 'InternalServerException');
  assert.equal(error.$fault, 'server');
  assert.equal(error.$metadata.attempts, MAX_ATTEMPTS);
  assert.deepEqual(await storedTokens(), [token], 'three attempts, one invitation');

  const again = await c.createEngagementInvitation(input(token));
  assert.match(again.Id, /^engi-/);
  assert.deepEqual(await storedTokens(), [token]);
});

test('dropped connections are retried, then reported', async () => {
  await setFaults({ next: ['drop'] });
  const token = randomUUID();
  const out = await client().createEngagementInvitation(input(token));
  assert.equal(out.$metadata.attempts, 2);

  await setFaults({ next: Array(MAX_ATTEMPTS).fill('drop') });
  const started = performance.now();
  const error = await client().createEngagementInvitation(input(randomUUID())).then(
    () => assert.fail('every attempt was dropped'),
    (e) => e,
  );
  assert.ok(performance.now() - started < timeBoundMs(MAX_ATTEMPTS));
  assert.ok(error instanceof pcs.ConnectionError, `${error.name}: ${error.message}`);
  assert.ok(error.message.trim().length > 0);
  assert.deepEqual(await storedTokens(), [token]);
  assert.equal((await admin('stats')).dropped_connections, 1 + MAX_ATTEMPTS);
});

test('throttling and 500s are retried within maxAttempts', async () => {
  await setFaults({ next: ['throttle', 'error'] });
  const token = randomUUID();
  const out = await client().createEngagementInvitation(input(token));
  assert.equal(out.$metadata.attempts, 3);
  assert.ok(out.$metadata.totalRetryDelay > 0);
  assert.deepEqual(await storedTokens(), [token]);

  await setFaults({ next: Array(10).fill('throttle') });
  const error = await client(2).createEngagementInvitation(input(randomUUID())).then(
    () => assert.fail('throttled throughout'),
    (e) => e,
  );
  assert.equal(error.name, 'ThrottlingException');
  assert.equal(error.$metadata.attempts, 2);
  assert.equal((await admin('stats')).requests, 3 + 2);
});

test('answers slower than the request timeout end in a timeout and one invitation', async () => {
  await setFaults({ latency_ms: 3 * REQUEST_TIMEOUT_MS });
  const token = randomUUID();
  const c = client();
  const started = performance.now();
  const error = await c.createEngagementInvitation(input(token)).then(
    () => assert.fail('every answer came after the timeout'),
    (e) => e,
  );
  assert.ok(performance.now() - started < timeBoundMs(MAX_ATTEMPTS));
  assert.ok(error instanceof pcs.TimeoutError, `${error.name}: ${error.message}`);
  await setFaults({});
  const stored = await storedTokens();
  assert.ok(stored.length === 0 || (stored.length === 1 && stored[0] === token), JSON.stringify(stored));

  const out = await c.createEngagementInvitation(input(token));
  assert.match(out.Id, /^engi-/);
  assert.deepEqual(await storedTokens(), [token]);
});

test('a storm of mixed faults never duplicates an invitation', async () => {
  const calls = 80;
  await setFaults({
    error_rate: 0.15,
    drop_rate: 0.1,
    store_then_fail_rate: 0.15,
    throttle_rps: 400,
    throttle_burst: 20,
  });
  const c = client(4);
  const tokens = Array.from({ length: calls }, () => randomUUID());
  const outcomes = await Promise.allSettled(tokens.map((token) => c.createEngagementInvitation(input(token))));

  let stored = await storedTokens();
  assert.equal(new Set(stored).size, stored.length, 'a token stored twice: a duplicate invitation');
  assert.ok(stored.every((t) => tokens.includes(t)));
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') {
      assert.ok(stored.includes(tokens[i]));
      assert.ok(outcome.value.$metadata.attempts <= 4);
    } else {
      assert.ok(outcome.reason instanceof Error && outcome.reason.message.trim(), String(outcome.reason));
    }
  });

  await setFaults({});
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'rejected') await c.createEngagementInvitation(input(tokens[i]));
  }
  stored = await storedTokens();
  assert.deepEqual([...stored].sort(), [...tokens].sort(), 'exactly one invitation per logical call');
});
