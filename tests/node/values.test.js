'use strict';
// Values at the edge: Dates out (from the emulator) and in (where the model has a timestamp),
// values JS cannot send reported by the core at their paths, validate() for any operation, and
// operations without output.
const test = require('node:test');
const assert = require('node:assert/strict');
const { pkg, validInput, clientFor, scriptedServer } = require('./helpers');

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const at = (url, extra = {}) => new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1, ...extra });

test('timestamps come back as Dates: the emulator invitation read back and listed', async () => {
  const emu = await pkg.startEmulator();
  try {
    const client = clientFor(emu);
    const before = Date.now();
    const created = await client.createEngagementInvitation(validInput({ ClientToken: 'dates-1' }));
    const got = await client.send(new pkg.GetEngagementInvitationCommand({ Catalog: 'Sandbox', Identifier: created.Id }));
    assert.ok(got.InvitationDate instanceof Date);
    assert.ok(got.ExpirationDate instanceof Date);
    assert.ok(Math.abs(got.InvitationDate.getTime() - before) < 60_000, got.InvitationDate.toISOString());
    assert.ok(got.ExpirationDate > got.InvitationDate);
    const listed = await client.listEngagementInvitations({ Catalog: 'Sandbox', ParticipantType: 'SENDER' });
    const same = listed.EngagementInvitationSummaries.find((s) => s.Id === created.Id);
    assert.equal(same.InvitationDate.getTime(), got.InvitationDate.getTime());
  } finally {
    await emu.stop();
  }
});

test('a Date is accepted where the model has a timestamp, and sent as botocore writes it', async () => {
  const server = await scriptedServer([{ status: 200, body: { OpportunitySummaries: [] } }]);
  try {
    await at(server.url).listOpportunities({
      Catalog: 'AWS',
      LastModifiedDate: { AfterLastModifiedDate: new Date('2024-05-01T12:00:00Z'), BeforeLastModifiedDate: new Date(Date.UTC(2024, 4, 2, 0, 0, 0, 500)) },
    });
    const body = JSON.parse(server.received[0].body);
    assert.deepEqual(body.LastModifiedDate, { AfterLastModifiedDate: '2024-05-01T12:00:00Z', BeforeLastModifiedDate: '2024-05-02T00:00:00.500000Z' });
  } finally {
    await server.close();
  }
});

test('an invalid Date, a Date where text is expected and values JSON cannot carry are violations at their paths', async () => {
  const input = {
    Catalog: 'AWS',
    ParticipantType: 'SENDER',
    EngagementIdentifier: [new Date()],
    NextToken: () => 'x',
    Sort: { SortOrder: Symbol('s'), SortBy: 'InvitationDate' },
    MaxResults: NaN,
  };
  const v = pkg.validate(input, 'ListEngagementInvitations');
  const byPath = Object.fromEntries(v.map((x) => [x.path, x]));
  assert.match(byPath['EngagementIdentifier[0]'].message, /string/);
  assert.match(byPath.NextToken.message, /a function cannot be sent/);
  assert.match(byPath['Sort.SortOrder'].message, /a Symbol cannot be sent/);
  assert.match(byPath.MaxResults.message, /NaN \(not representable in JSON\) cannot be sent/);
  for (const x of [byPath.NextToken, byPath['Sort.SortOrder'], byPath.MaxResults]) assert.equal(x.code, 'INVALID_VALUE');
  const stamp = pkg.validate({ Catalog: 'AWS', LastModifiedDate: { AfterLastModifiedDate: new Date('nope') } }, 'ListOpportunities');
  assert.deepEqual(stamp.map((x) => [x.path, x.code]), [['LastModifiedDate.AfterLastModifiedDate', 'INVALID_VALUE']]);
  assert.match(stamp[0].message, /an invalid Date cannot be sent/);
  // The call rejects with the same list, even with validation off: nothing is sent.
  const server = await scriptedServer([{ status: 200, body: {} }]);
  try {
    for (const parameterValidation of [true, false]) {
      const err = await at(server.url, { parameterValidation }).listEngagementInvitations({ Catalog: 'AWS', ParticipantType: 'SENDER', NextToken: 2n ** 80n }).catch((e) => e);
      assert.ok(err instanceof pkg.ValidationError, String(err));
      assert.equal(err.errors[0].path, 'NextToken');
      assert.match(err.errors[0].message, /a BigInt \(1208925819614629174706176n\)/);
    }
    assert.equal(server.received.length, 0);
    // A BigInt JS numbers hold exactly is sent as that number.
    await at(server.url).listEngagementInvitations({ Catalog: 'AWS', ParticipantType: 'SENDER', MaxResults: 25n });
    assert.equal(JSON.parse(server.received[0].body).MaxResults, 25);
  } finally {
    await server.close();
  }
});

test('validate(input, operation) takes the name, the method name or the Command class; unknown names say what exists', () => {
  const input = { Catalog: 'AWS' };
  const expected = [['ParticipantType', 'REQUIRED_FIELD_MISSING']];
  for (const op of ['ListEngagementInvitations', 'listEngagementInvitations', pkg.ListEngagementInvitationsCommand]) {
    assert.deepEqual(pkg.validate(input, op).map((x) => [x.path, x.code]), expected);
  }
  // The default stays CreateEngagementInvitation.
  assert.deepEqual(pkg.validate(validInput()), []);
  assert.deepEqual(pkg.validate(validInput(), 'CreateEngagementInvitation'), []);
  assert.throws(() => pkg.validate(input, 'ListEngagementInvitation'), (e) => e instanceof TypeError && /did you mean 'ListEngagementInvitations'/.test(e.message));
});

test('an operation without output resolves to { $metadata } only; send() refuses what is not a command', async () => {
  const server = await scriptedServer([{ status: 200, body: '' }]);
  try {
    const out = await at(server.url).send(new pkg.DeleteResourceSnapshotJobCommand({ Catalog: 'AWS', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' }));
    assert.deepEqual(Object.keys(out), ['$metadata']);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(server.received[0].headers['x-amz-target'], 'AWSPartnerCentralSelling.DeleteResourceSnapshotJob');
  } finally {
    await server.close();
  }
  await assert.rejects(at('http://127.0.0.1:9').send({ input: {} }), /send\(\) expects a command/);
});

test("the JS SDK's callback form works on methods and send()", async () => {
  const server = await scriptedServer([{ status: 200, body: { EngagementInvitationSummaries: [] } }]);
  try {
    const client = at(server.url);
    const data = await new Promise((resolve, reject) => {
      client.listEngagementInvitations({ Catalog: 'AWS', ParticipantType: 'SENDER' }, (err, d) => (err ? reject(err) : resolve(d)));
    });
    assert.deepEqual(data.EngagementInvitationSummaries, []);
    const err = await new Promise((resolve) => {
      client.send(new pkg.ListEngagementInvitationsCommand({ Catalog: 'AWS' }), (e) => resolve(e));
    });
    assert.ok(err instanceof pkg.ValidationError);
  } finally {
    await server.close();
  }
});
