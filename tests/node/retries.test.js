'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { pkg, validInput, scriptedServer, errorBody } = require('./helpers');

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ok = { status: 200, body: { Id: 'engi-0000000000abc', Arn: 'arn:aws:partnercentral::123456789012:catalog/Sandbox/engagement-invitation/engi-0000000000abc' } };

test('5xx answers are retried with the same ClientToken until success; $metadata counts attempts', async () => {
  const server = await scriptedServer([
    { status: 503, body: errorBody('InternalServerException', 'busy') },
    { status: 500, body: errorBody('InternalServerException', 'busy') },
    ok,
  ]);
  try {
    const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: creds, maxAttempts: 3 });
    const out = await client.createEngagementInvitation(validInput());
    assert.equal(out.Id, 'engi-0000000000abc');
    assert.equal(out.$metadata.attempts, 3);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(out.$metadata.totalRetryDelay > 0);
    assert.equal(server.received.length, 3);
    const tokens = server.received.map((r) => JSON.parse(r.body).ClientToken);
    assert.match(tokens[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(tokens).size, 1, 'every retry of one call reuses its ClientToken');
    assert.equal(out.$metadata.clientToken, tokens[0]);
  } finally {
    await server.close();
  }
});

test('maxAttempts bounds the retries; the last error is thrown with its attempt count', async () => {
  const server = await scriptedServer([{ status: 500, body: errorBody('InternalServerException', 'down') }]);
  try {
    const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: creds, maxAttempts: 2 });
    await assert.rejects(client.createEngagementInvitation(validInput()), (err) => {
      assert.ok(err instanceof pkg.InternalServerException);
      assert.equal(err.$metadata.attempts, 2);
      return true;
    });
    assert.equal(server.received.length, 2);
  } finally {
    await server.close();
  }
});

for (const [code, status] of [['ValidationException', 400], ['AccessDeniedException', 403], ['ConflictException', 409], ['ResourceNotFoundException', 404]]) {
  test(`${code} is never retried`, async () => {
    const server = await scriptedServer([{ status, body: errorBody(code, 'no', code === 'ValidationException' ? { Reason: 'REQUEST_VALIDATION_FAILED' } : {}) }, ok]);
    try {
      const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: creds, maxAttempts: 3 });
      await assert.rejects(client.createEngagementInvitation(validInput()), pkg[code]);
      assert.equal(server.received.length, 1);
    } finally {
      await server.close();
    }
  });
}

test('a caller-given ClientToken is sent as given', async () => {
  const server = await scriptedServer([ok]);
  try {
    const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: creds });
    const out = await client.send(new pkg.CreateEngagementInvitationCommand(validInput({ ClientToken: 'my-token-1' })));
    assert.equal(JSON.parse(server.received[0].body).ClientToken, 'my-token-1');
    assert.equal(out.$metadata.clientToken, 'my-token-1');
    assert.ok(server.received[0].headers.authorization.startsWith('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/'));
  } finally {
    await server.close();
  }
});

test('tls: false sends plain HTTP to the same host, as in the JS SDK', async () => {
  const server = await scriptedServer([ok]);
  try {
    const client = new pkg.PartnerCentralSellingClient({
      region: 'us-east-1',
      endpoint: server.url.replace('http://', 'https://'),
      tls: false,
      credentials: creds,
    });
    const out = await client.createEngagementInvitation(validInput());
    assert.equal(out.Id, 'engi-0000000000abc');
    assert.equal(server.received.length, 1);
  } finally {
    await server.close();
  }
});
