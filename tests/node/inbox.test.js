'use strict';
// The way finished calls come back from the native side: batched through one Inbox per JS
// environment (src/inbox.rs, lib/client.js), each to the Promise of its own call.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pkg, pkgDir, validInput, clientFor } = require('./helpers');

let emu;
test.before(async () => {
  emu = await pkg.startEmulator();
});
test.after(async () => {
  await emu.stop();
});

test('300 concurrent calls, some failing, each settle their own Promise', async () => {
  const client = clientFor(emu);
  const calls = Array.from({ length: 300 }, (_, n) => {
    const token = `inbox-token-${String(n).padStart(4, '0')}`;
    const input = validInput({ ClientToken: token });
    if (n % 7 === 0) input.EngagementIdentifier = 'eng-0000000000zzzz';
    return client.createEngagementInvitation(input).then(
      (out) => ({ token, out }),
      (err) => ({ token, err }),
    );
  });
  const results = await Promise.all(calls);
  const ids = new Set();
  results.forEach(({ token, out, err }, n) => {
    if (n % 7 === 0) {
      assert.ok(err instanceof pkg.ResourceNotFoundException, String(err));
      return;
    }
    assert.equal(err, undefined);
    assert.equal(out.$metadata.clientToken, token);
    ids.add(out.Id);
  });
  assert.equal(ids.size, 300 - Math.ceil(300 / 7));
});

test('a panic inside a started call rejects that call only', async () => {
  const native = require(path.join(pkgDir, 'lib', 'native.js'));
  const { finished } = require(path.join(pkgDir, 'lib', 'client.js'));
  const client = clientFor(emu);
  const ok = client.createEngagementInvitation(validInput());
  const starter = { start: (message, callId, inbox) => native.startPanicForTest(message, callId, inbox) };
  const completion = await finished(0x7ffffffe, starter, 'deliberate inbox panic');
  assert.match(completion.panic, /deliberate inbox panic/);
  assert.ok((await ok).Id);
});

test('a waiting call keeps the process alive, and an idle client lets it exit', () => {
  // A child process with nothing but one call in flight: it must wait for the answer (the
  // emulator answers after 300 ms) and then exit on its own.
  emu.setFaults({ latencyMs: 300 });
  try {
    const script = `
      const pkg = require(${JSON.stringify(pkgDir)});
      const client = new pkg.PartnerCentralSellingClient({
        region: 'us-east-1',
        endpoint: process.env.EMU_URL,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      });
      client.createEngagementInvitation(${JSON.stringify(validInput())}).then((out) => console.log(out.Id));
    `;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, EMU_URL: emu.url },
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.equal(child.error, undefined, 'the child did not exit by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /^engi-[0-9a-z]{13}\n$/);
  } finally {
    emu.setFaults({});
  }
});

test('calls in two worker threads, with the same call ids, neither cancel nor abort each other', async () => {
  const { Worker } = require('node:worker_threads');
  // Slow enough that both workers' first calls are in flight at once.
  emu.setFaults({ latencyMs: 400 });
  try {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { pkg, validInput } = require(workerData.helpers);
      const client = new pkg.PartnerCentralSellingClient({
        region: 'us-east-1', endpoint: workerData.url, credentials: workerData.credentials,
      });
      (async () => {
        const controller = new AbortController();
        // Call id 1 in this worker's environment, as in the other's.
        const call = client.createEngagementInvitation(validInput(), { abortSignal: controller.signal });
        if (workerData.abort) setTimeout(() => controller.abort(), 100);
        try {
          const out = await call;
          parentPort.postMessage({ ok: out.Id });
        } catch (err) {
          parentPort.postMessage({ failed: err.name });
        }
      })();
    `;
    const run = (abort) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(source, {
          eval: true,
          workerData: { helpers: path.join(__dirname, 'helpers.js'), url: emu.url, credentials: emu.credentials, abort },
        });
        worker.once('message', (m) => worker.terminate().then(() => resolve(m)));
        worker.once('error', reject);
      });
    const [aborting, steady] = await Promise.all([run(true), run(false)]);
    assert.deepEqual(aborting, { failed: 'AbortError' });
    assert.match(steady.ok ?? JSON.stringify(steady), /^engi-[0-9a-z]{13}$/);
  } finally {
    emu.setFaults({});
  }
});
