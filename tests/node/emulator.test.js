'use strict';
// Against the emulator over loopback: success shape, throttling retries, abort, the event loop
// staying free, concurrency, credential providers.
const test = require('node:test');
const assert = require('node:assert/strict');
const { pkg, validInput, clientFor } = require('./helpers');

let emu;
test.before(async () => {
  emu = await pkg.startEmulator();
});
test.after(async () => {
  await emu.stop();
});

test('createEngagementInvitation and send(command) both return { Id, Arn, $metadata }', async () => {
  const client = clientFor(emu);
  for (const out of [
    await client.createEngagementInvitation(validInput()),
    await client.send(new pkg.CreateEngagementInvitationCommand(validInput())),
  ]) {
    assert.deepEqual(Object.keys(out).sort(), ['$metadata', 'Arn', 'Id']);
    assert.match(out.Id, /^engi-[0-9a-z]{13}$/);
    assert.match(out.Arn, /^arn:aws:partnercentral::123456789012:[a-zA-Z]+\/engagement-invitation\/engi-[0-9a-z]{13}$/);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(typeof out.$metadata.requestId, 'string');
    assert.equal(out.$metadata.attempts, 1);
    assert.equal(out.$metadata.totalRetryDelay, 0);
  }
});

test('the emulator URL and credentials work, and stop() is idempotent', async () => {
  const other = await pkg.startEmulator();
  assert.match(other.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(other.credentials.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  const out = await clientFor(other).createEngagementInvitation(validInput());
  assert.ok(out.Id);
  assert.equal(other.invitationCount(), 1);
  await other.stop();
  await other.stop();
});

test('throttling from the emulator is retried and then succeeds', async () => {
  emu.setFaults({ next: ['throttle', 'throttle'] });
  const out = await clientFor(emu, { maxAttempts: 3 }).createEngagementInvitation(validInput());
  assert.equal(out.$metadata.attempts, 3);
});

test('throttling beyond maxAttempts surfaces ThrottlingException', async () => {
  emu.setFaults({ next: ['throttle'] });
  await assert.rejects(clientFor(emu, { maxAttempts: 1 }).createEngagementInvitation(validInput()), (err) => {
    assert.ok(err instanceof pkg.ThrottlingException);
    assert.equal(err.name, 'ThrottlingException');
    assert.ok([400, 429].includes(err.$metadata.httpStatusCode), String(err.$metadata.httpStatusCode));
    return true;
  });
});

test('a wrong secret is refused by the emulator as a service error', async () => {
  const client = clientFor(emu, { credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'not-the-secret' } });
  await assert.rejects(client.createEngagementInvitation(validInput()), (err) => {
    assert.ok(err instanceof pkg.PartnerCentralSellingServiceException, `${err.name}: ${err.message}`);
    assert.equal(err.$fault, 'client');
    return true;
  });
});

test('an unknown engagement is ResourceNotFoundException; invalid input with validation off is the service ValidationException', async () => {
  await assert.rejects(
    clientFor(emu).createEngagementInvitation(validInput({ EngagementIdentifier: 'eng-zzzzzzzzzzzzzz' })),
    pkg.ResourceNotFoundException,
  );
  const input = validInput();
  input.Invitation.Payload.OpportunityInvitation.Customer.CountryCode = 'USA';
  await assert.rejects(clientFor(emu, { parameterValidation: false }).createEngagementInvitation(input), (err) => {
    assert.ok(err instanceof pkg.ValidationException);
    assert.equal(err.Reason, 'REQUEST_VALIDATION_FAILED');
    assert.ok(err.ErrorList.some((e) => e.Code === 'INVALID_ENUM_VALUE'));
    return true;
  });
  // With validation on (the default), the same input never leaves the machine.
  const before = emu.invitationCount();
  await assert.rejects(clientFor(emu).createEngagementInvitation(input), pkg.ValidationError);
  assert.equal(emu.invitationCount(), before);
});

test('the same ClientToken with different parameters is a ConflictException', async () => {
  const client = clientFor(emu);
  await client.createEngagementInvitation(validInput({ ClientToken: 'conflict-token-1' }));
  const other = validInput({ ClientToken: 'conflict-token-1' });
  other.Invitation.Message = 'A different message';
  await assert.rejects(client.createEngagementInvitation(other), pkg.ConflictException);
});

test('credentials from an async provider: called once, cached until expiration', async () => {
  let calls = 0;
  const client = clientFor(emu, {
    credentials: async () => {
      calls++;
      return { ...emu.credentials, expiration: new Date(Date.now() + 3600_000) };
    },
  });
  await client.createEngagementInvitation(validInput());
  await Promise.all([1, 2, 3].map(() => client.createEngagementInvitation(validInput())));
  assert.equal(calls, 1);

  let shortCalls = 0;
  const expiring = clientFor(emu, {
    credentials: async () => {
      shortCalls++;
      // Inside the refresh window: fetched again for every call.
      return { ...emu.credentials, expiration: new Date(Date.now() + 1000) };
    },
  });
  await expiring.createEngagementInvitation(validInput());
  await expiring.createEngagementInvitation(validInput());
  assert.equal(shortCalls, 2);
});

test('without credentials the default chain is used (here: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)', async () => {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = emu.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emu.credentials.secretAccessKey;
  try {
    const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: emu.url });
    assert.equal(client.config.credentials, 'default chain');
    const out = await client.createEngagementInvitation(validInput());
    assert.ok(out.Id);
  } finally {
    for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]]) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('abortSignal cancels an in-flight call; an aborted signal rejects at once', async () => {
  emu.setFaults({ latencyMs: 5000 });
  try {
    const client = clientFor(emu);
    const controller = new AbortController();
    const started = Date.now();
    const call = client.createEngagementInvitation(validInput(), { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(call, (err) => {
      assert.ok(err instanceof pkg.AbortError);
      assert.equal(err.name, 'AbortError');
      return true;
    });
    // Far sooner than the emulator's 5 s latency: the call was cancelled, not waited out.
    assert.ok(Date.now() - started < 4000);
    await assert.rejects(client.createEngagementInvitation(validInput(), { abortSignal: AbortSignal.abort() }), pkg.AbortError);
    await assert.rejects(client.send(new pkg.CreateEngagementInvitationCommand(validInput()), { abortSignal: AbortSignal.abort() }), pkg.AbortError);
  } finally {
    emu.setFaults({});
  }
});

test('200 calls in flight against a slow emulator leave the event loop free', async () => {
  const latencyMs = 1500;
  emu.setFaults({ latencyMs });
  try {
    const client = clientFor(emu);
    await client.createEngagementInvitation(validInput()); // warm: credentials and connection pool
    let last = Date.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const results = await Promise.all(Array.from({ length: 200 }, () => client.createEngagementInvitation(validInput())));
    clearInterval(timer);
    assert.equal(results.length, 200);
    assert.equal(new Set(results.map((r) => r.Id)).size, 200);
    // A call that blocked the JS thread would stall the timer for at least the emulator's latency.
    assert.ok(maxGap < latencyMs * 0.66, `timer stalled for ${maxGap} ms`);
    assert.ok(ticks >= 10, `only ${ticks} ticks`);
  } finally {
    emu.setFaults({});
  }
});

test('1,000 calls with 64 in flight all succeed, each stored once', async () => {
  const client = clientFor(emu);
  const before = emu.invitationCount();
  const ids = new Set();
  let next = 0;
  const worker = async () => {
    while (next < 1000) {
      next++;
      const out = await client.createEngagementInvitation(validInput());
      ids.add(out.Id);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  assert.equal(ids.size, 1000);
  assert.equal(emu.invitationCount() - before, 1000);
});
