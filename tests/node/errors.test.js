'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pkg, pkgDir, validInput, scriptedServer, errorBody } = require('./helpers');

// The model's errors of the flagship operation, as codegen lists them (with their samples).
const fixture = require('./fixtures/operations.json');
const errorsOf = fixture.operations.find((o) => o.name === 'CreateEngagementInvitation').errors;
const modelled = errorsOf.map((e) => e.code);

function clientAt(url, extra = {}) {
  return new pkg.PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    ...extra,
  });
}

const STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

test('the package exports one class per modelled service error, and no more', () => {
  for (const name of modelled) {
    assert.equal(typeof pkg[name], 'function', `missing ${name}`);
    assert.ok(pkg[name].prototype instanceof pkg.PartnerCentralSellingServiceException);
  }
  assert.deepEqual(Object.keys(STATUS).sort(), [...modelled].sort());
});

for (const name of modelled) {
  test(`service error ${name}: class, name, message, $fault, $metadata, modelled members`, async () => {
    const spec = errorsOf.find((e) => e.code === name);
    const extra = {};
    if (spec.body.Reason) extra.Reason = spec.body.Reason;
    if (spec.body.ErrorList) extra.ErrorList = [{ FieldName: 'Catalog', Message: 'bad catalog', Code: 'INVALID_STRING_FORMAT' }];
    const server = await scriptedServer([{ status: STATUS[name], body: errorBody(name, `the ${name} message`, extra) }]);
    try {
      const err = await clientAt(server.url).createEngagementInvitation(validInput()).then(
        () => assert.fail('expected a rejection'),
        (e) => e,
      );
      assert.ok(err instanceof pkg[name]);
      assert.ok(err instanceof pkg.PartnerCentralSellingServiceException);
      assert.ok(err instanceof Error);
      assert.equal(err.name, name);
      assert.equal(err.message, `the ${name} message`);
      assert.equal(err.$fault, spec.fault);
      assert.equal(err.$metadata.httpStatusCode, STATUS[name]);
      assert.equal(err.$metadata.requestId, 'req-1');
      assert.equal(err.$metadata.attempts, 1);
      if (extra.Reason) assert.equal(err.Reason, extra.Reason);
      if (extra.ErrorList) assert.deepEqual(err.ErrorList, extra.ErrorList);
      assert.ok(err.stack.includes(name));
    } finally {
      await server.close();
    }
  });
}

test('the error code comes from X-Amzn-ErrorType first, then the body', async () => {
  const server = await scriptedServer([{ status: 400, headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal' }, body: {} }]);
  try {
    await assert.rejects(clientAt(server.url).createEngagementInvitation(validInput()), pkg.ThrottlingException);
  } finally {
    await server.close();
  }
});

test('an error code newer than the model is still a PartnerCentralSellingServiceException named by its code', async () => {
  const server = await scriptedServer([{ status: 400, body: errorBody('BrandNewException', 'new') }]);
  try {
    await assert.rejects(clientAt(server.url).createEngagementInvitation(validInput()), (err) => {
      assert.ok(err instanceof pkg.PartnerCentralSellingServiceException);
      assert.equal(err.name, 'BrandNewException');
      assert.equal(err.message, 'new');
      return true;
    });
  } finally {
    await server.close();
  }
});

test('a connection failure is a ConnectionError', async () => {
  // A port whose server just closed: the connection is refused.
  const server = await scriptedServer([{ status: 200, body: {} }]);
  const url = server.url;
  await server.close();
  await assert.rejects(clientAt(url).createEngagementInvitation(validInput()), (err) => {
    assert.ok(err instanceof pkg.ConnectionError, `${err.name}: ${err.message}`);
    assert.equal(err.name, 'ConnectionError');
    assert.ok(err instanceof pkg.PartnerCentralSellingClientError);
    return true;
  });
});

test('a response slower than requestTimeout is a TimeoutError', async () => {
  const http = require('node:http');
  const sockets = new Set();
  const server = http.createServer(() => { /* never answers */ });
  server.on('connection', (s) => sockets.add(s));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = clientAt(`http://127.0.0.1:${server.address().port}`, { requestTimeout: 200 });
    await assert.rejects(client.createEngagementInvitation(validInput()), (err) => {
      assert.equal(err.name, 'TimeoutError', err.message);
      assert.ok(err instanceof pkg.TimeoutError);
      // The core describes the fix in general terms; the binding names its own options.
      assert.match(err.message, /requestTimeout and connectionTimeout, in milliseconds/);
      return true;
    });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
});

test('a provider function that throws is a CredentialsProviderError', async () => {
  const server = await scriptedServer([{ status: 200, body: { Id: 'engi-0000000000001', Arn: 'x' } }]);
  try {
    const client = clientAt(server.url, { credentials: async () => { throw new Error('no profile here'); } });
    await assert.rejects(client.createEngagementInvitation(validInput()), (err) => {
      assert.equal(err.name, 'CredentialsProviderError');
      assert.ok(err.message.includes('no profile here'), err.message);
      return true;
    });
    assert.equal(server.received.length, 0, 'nothing may be sent without credentials');
  } finally {
    await server.close();
  }
});

test('bad client options are a ConfigurationError at construction', () => {
  assert.throws(() => new pkg.PartnerCentralSellingClient({ maxAttempts: 0 }), pkg.ConfigurationError);
  assert.throws(() => new pkg.PartnerCentralSellingClient({ retryMode: 'fast' }), pkg.ConfigurationError);
  assert.throws(() => new pkg.PartnerCentralSellingClient({ requestTimeout: -1 }), pkg.ConfigurationError);
  assert.throws(() => new pkg.PartnerCentralSellingClient({ credentials: { accessKeyId: 1 } }), pkg.CredentialsProviderError);
});

test('a Rust panic becomes a rejected Promise and the process keeps running', async () => {
  const native = require(path.join(pkgDir, 'lib', 'native.js'));
  await assert.rejects(native.panicForTest('deliberate test panic'), /panic/i);
  // Still alive and working afterwards.
  assert.deepEqual(pkg.validate(validInput()), []);
});
