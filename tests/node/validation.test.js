'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pkg, validInput } = require('./helpers');

const vectorsDir = path.resolve(__dirname, '..', 'vectors');

test('shared vectors: validate(input, operation) reports exactly the listed violations, in order, for every operation', () => {
  const files = fs.readdirSync(vectorsDir).filter((f) => f.endsWith('.json') && f !== 'outputs.json');
  assert.ok(files.length > 0, `no vector files in ${vectorsDir}`);
  let cases = 0;
  for (const file of files) {
    const { cases: list } = JSON.parse(fs.readFileSync(path.join(vectorsDir, file), 'utf8'));
    for (const c of list) {
      const got = pkg.validate(c.input, c.operation).map(({ path: p, code }) => ({ path: p, code }));
      assert.deepEqual(got, c.violations, `${file}: ${c.name}`);
      cases++;
    }
  }
  assert.ok(cases > 4000, `only ${cases} cases`);
});

test('validate() returns [{path, code, message}] and [] for a valid request', () => {
  assert.deepEqual(pkg.validate(validInput()), []);
  const input = validInput();
  input.Invitation.Payload.OpportunityInvitation.Customer.CountryCode = 'USA';
  const v = pkg.validate(input);
  assert.equal(v.length, 1);
  assert.deepEqual(Object.keys(v[0]).sort(), ['code', 'message', 'path']);
  assert.equal(v[0].path, 'Invitation.Payload.OpportunityInvitation.Customer.CountryCode');
  assert.equal(v[0].code, 'INVALID_ENUM_VALUE');
  assert.equal(typeof v[0].message, 'string');
});

const OPP = 'Invitation.Payload.OpportunityInvitation';

class Contact {
  constructor() {
    this.Email = 'a@example.com';
  }
}

const badTypes = [
  ['number for a string', (i) => { i.Catalog = 42; }, 'Catalog'],
  ['BigInt', (i) => { i.EngagementIdentifier = 10n; }, 'EngagementIdentifier'],
  ['Symbol', (i) => { i.Invitation.Message = Symbol('m'); }, 'Invitation.Message'],
  ['function', (i) => { i.Invitation.Message = () => 'hi'; }, 'Invitation.Message'],
  ['NaN', (i) => { i.Invitation.Message = NaN; }, 'Invitation.Message'],
  ['Infinity', (i) => { i.Invitation.Message = Infinity; }, 'Invitation.Message'],
  ['undefined inside an array', (i) => { i.Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities = ['Distributor', undefined]; }, `${OPP}.ReceiverResponsibilities[1]`],
  ['a hole in an array', (i) => { i.Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities = ['Distributor', , 'Reseller']; }, `${OPP}.ReceiverResponsibilities[1]`], // eslint-disable-line no-sparse-arrays
  ['nested array', (i) => { i.Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities = [['Distributor']]; }, `${OPP}.ReceiverResponsibilities[0]`],
  ['class instance', (i) => { i.Invitation.Payload.OpportunityInvitation.SenderContacts = [new Contact()]; }, `${OPP}.SenderContacts[0]`],
  ['Date', (i) => { i.Invitation.Payload.OpportunityInvitation.Project.TargetCompletionDate = new Date(0); }, `${OPP}.Project.TargetCompletionDate`],
  ['Map for a structure', (i) => { i.Invitation.Receiver = new Map(); }, 'Invitation.Receiver'],
  ['lone surrogate', (i) => { i.Invitation.Message = 'hello \uD800 world'; }, 'Invitation.Message'],
  ['array for a structure', (i) => { i.Invitation = []; }, 'Invitation'],
];

for (const [name, mutate, wantPath] of badTypes) {
  test(`wrong JS type becomes a violation at its path: ${name}`, async () => {
    const input = validInput();
    mutate(input);
    const v = pkg.validate(input);
    const at = v.filter((x) => x.path === wantPath);
    assert.equal(at.length, 1, `expected one violation at ${wantPath}, got ${JSON.stringify(v)}`);
    assert.equal(at[0].code, 'INVALID_VALUE');
    // And a call rejects with ValidationError carrying the same list, sending nothing.
    const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    await assert.rejects(client.createEngagementInvitation(input), (err) => {
      assert.ok(err instanceof pkg.ValidationError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'ValidationError');
      assert.deepEqual(err.errors, v);
      return true;
    });
  });
}

test('null for a required member is REQUIRED_FIELD_MISSING; null for an optional one means absent', () => {
  const input = validInput();
  input.Invitation.Message = null;
  input.Invitation.Receiver.Account.Alias = null;
  assert.deepEqual(pkg.validate(input).map((x) => [x.path, x.code]), [['Invitation.Message', 'REQUIRED_FIELD_MISSING']]);
});

test('undefined for an object member means absent, as in the JS SDK', () => {
  const input = validInput();
  input.Invitation.Receiver.Account.Alias = undefined;
  assert.deepEqual(pkg.validate(input), []);
});

test('non-object inputs and cycles never crash', () => {
  for (const bad of [undefined, null, 1, 'x', [], 10n, Symbol('s'), () => 1, new Date()]) {
    const v = pkg.validate(bad);
    assert.ok(Array.isArray(v) && v.length > 0, `input ${String(bad)} gave ${JSON.stringify(v)}`);
    for (const x of v) assert.equal(typeof x.message, 'string');
  }
  const input = validInput();
  input.Invitation.Receiver.Account.Self = input.Invitation.Receiver;
  const v = pkg.validate(input);
  assert.ok(v.some((x) => x.path.startsWith('Invitation.Receiver.Account') && x.code === 'INVALID_VALUE'));
});

test('a throwing getter becomes a violation, not an exception', () => {
  const input = validInput();
  Object.defineProperty(input.Invitation, 'Message', { enumerable: true, get() { throw new Error('boom'); } });
  const v = pkg.validate(input);
  assert.deepEqual(v.map((x) => [x.path, x.code]), [['Invitation.Message', 'INVALID_VALUE']]);
});

test('every violation of a broken request is reported in one pass', () => {
  const input = validInput();
  input.Catalog = '';
  input.Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email = 'not-an-email';
  input.Invitation.Payload.OpportunityInvitation.Customer.Industry = 'Aerospac';
  const v = pkg.validate(input);
  const paths = v.map((x) => x.path);
  assert.ok(paths.includes('Catalog'));
  assert.ok(paths.includes(`${OPP}.SenderContacts[0].Email`));
  assert.ok(paths.includes(`${OPP}.Customer.Industry`));
});
