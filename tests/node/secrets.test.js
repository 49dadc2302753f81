'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const { pkg, validInput, scriptedServer, errorBody } = require('./helpers');

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzSECRETzz';
const TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKENzz';

function shown(value) {
  return [util.inspect(value, { depth: 10, showHidden: true }), util.format('%o', value), JSON.stringify(value) ?? '', String(value)].join('\n');
}

test('inspecting a client never shows its keys or session token', () => {
  const client = new pkg.PartnerCentralSellingClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSECRETKEYID00001', secretAccessKey: SECRET, sessionToken: TOKEN },
  });
  const text = shown(client) + shown(client.config);
  assert.ok(!text.includes(SECRET));
  assert.ok(!text.includes(TOKEN));
  assert.ok(!text.includes('AKIDSECRETKEYID00001'));
  assert.ok(text.includes('us-east-1'), 'the safe settings still show');
});

test('errors never show credentials or sensitive member values', async () => {
  const server = await scriptedServer([{ status: 400, body: errorBody('ValidationException', 'bad', { Reason: 'REQUEST_VALIDATION_FAILED' }) }]);
  try {
    const client = new pkg.PartnerCentralSellingClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDSECRETKEYID00001', secretAccessKey: SECRET, sessionToken: TOKEN },
      maxAttempts: 1,
    });
    const serviceErr = await client.createEngagementInvitation(validInput()).catch((e) => e);
    assert.equal(serviceErr.name, 'ValidationException');

    const input = validInput();
    const contact = input.Invitation.Payload.OpportunityInvitation.SenderContacts[0];
    contact.Email = 'private.person.secret@@example';
    contact.Phone = '0044-SECRET-PHONE';
    input.Invitation.Message = 'x'.repeat(300) + 'SECRETMESSAGE';
    const validationErr = await client.createEngagementInvitation(input).catch((e) => e);
    assert.equal(validationErr.name, 'ValidationError');
    assert.equal(validationErr.errors.length, 3);

    for (const err of [serviceErr, validationErr]) {
      const text = shown(err) + err.stack;
      for (const secret of [SECRET, TOKEN, 'private.person.secret', 'SECRET-PHONE', 'SECRETMESSAGE']) {
        assert.ok(!text.includes(secret), `${err.name} shows ${secret}`);
      }
    }
  } finally {
    await server.close();
  }
});

test('the emulator handle does not print its secret key', async () => {
  const emu = await pkg.startEmulator();
  try {
    const text = util.inspect(emu, { depth: 5 });
    assert.ok(!text.includes(emu.credentials.secretAccessKey));
    assert.ok(text.includes(emu.url));
  } finally {
    await emu.stop();
  }
});
