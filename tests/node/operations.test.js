'use strict';
// Every operation of the model, against @aws-sdk/client-partnercentral-selling through one
// capture server on loopback: the same X-Amz-Target and JSON body for the same input, the same
// parsed output (Dates included) for the same model-shaped answer, and the same error class,
// $fault, message and modelled members for the same error answer. The JS SDK v3 lags the model
// (3.1124.0 has 45 of its 63 operations): the operations it lacks are compared with nothing and
// listed in the test's diagnostics. Inputs are every valid case of the shared vectors
// (tests/vectors/valid.json: minimal and maximal inputs, model-valid, so our client validates
// them), outputs are tests/vectors/outputs.json, and the operation list, error bodies and the
// names of timestamp members come from tests/node/fixtures/operations.json; codegen writes all of
// them from the model.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { pkg, pkgDir } = require('./helpers');

const sdk = require(path.join(pkgDir, 'node_modules', '@aws-sdk', 'client-partnercentral-selling'));
const fixture = require('./fixtures/operations.json');
const validCases = require('../vectors/valid.json').cases;
const { outputs } = require('../vectors/outputs.json');

const STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

/** A copy of `input` with Dates where the model has timestamps (members named in `names`). */
function withDates(input, names) {
  const walk = (value, key) => {
    if (typeof value === 'string' && names.has(key)) return new Date(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, null));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk(input, null);
}

let server;
let url;
let next = { status: 200, body: '{}' };
const received = [];

test.before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ target: req.headers['x-amz-target'], contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(next.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `capture-${received.length}` });
      res.end(next.body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
test.after(() => new Promise((resolve) => server.close(resolve)));

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
let clients = null;
function both() {
  if (clients === null) {
    const config = { region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 };
    clients = {
      theirs: new sdk.PartnerCentralSellingClient(config),
      ours: new pkg.PartnerCentralSellingClient(config),
    };
  }
  return clients;
}

/** Sends `input` through one client with `answer` scripted; returns the request seen and the outcome. */
async function through(client, Command, input, answer) {
  next = answer;
  const before = received.length;
  let result;
  try {
    result = { ok: await client.send(new Command(input)) };
  } catch (err) {
    result = { err };
  }
  assert.equal(received.length, before + 1, 'exactly one request reaches the server');
  return { request: received[received.length - 1], ...result };
}

function withoutMetadata(out) {
  const { $metadata, ...rest } = out;
  return rest;
}

/**
 * `ours` without the members the JS SDK left out of `theirs` (members newer than its model, which
 * it drops from requests and outputs alike), each noted in `newer` by its path. Only members
 * wholly absent on its side are taken out: a different value anywhere still fails the test.
 */
function withoutNewer(ours, theirs, newer, path = '') {
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    return ours.map((v, i) => withoutNewer(v, theirs[i], newer, `${path}[${i}]`));
  }
  if (ours && theirs && typeof ours === 'object' && typeof theirs === 'object' && !(ours instanceof Date)) {
    const out = {};
    for (const [k, v] of Object.entries(ours)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in theirs)) {
        newer.add(p);
        continue;
      }
      out[k] = withoutNewer(v, theirs[k], newer, p);
    }
    return out;
  }
  return ours;
}

const compared = [];
const newerThanSdk = [];
const missing = [];

for (const op of fixture.operations) {
  const Theirs = sdk[op.command];
  const Ours = pkg[op.command];
  if (Theirs === undefined) {
    missing.push(op.name);
    continue;
  }
  compared.push(op.name);

  const stamps = new Set(op.inputTimestampMembers);
  const cases = validCases.filter((c) => c.operation === op.name);

  test(`${op.name}: same target, same body, same parsed output as the JS SDK v3 (${cases.length} inputs)`, async (t) => {
    assert.ok(cases.length > 0, 'the shared vectors have valid inputs for every operation');
    assert.equal(op.inputTimestampNamesAmbiguous, false);
    const { theirs, ours } = both();
    if (op.hasOutput) assert.ok(outputs[op.name], `no output vector for ${op.name}`);
    else assert.equal(outputs[op.name], undefined);
    const body = op.hasOutput ? JSON.stringify(outputs[op.name]) : '';
    const answer = { status: 200, body };
    const newer = new Set();
    for (const c of cases) {
      const input = withDates(c.input, stamps);
      const a = await through(theirs, Theirs, input, answer);
      const b = await through(ours, Ours, input, answer);
      assert.ok(a.ok, a.err && `${c.name}: JS SDK: ${a.err.name}: ${a.err.message}`);
      assert.ok(b.ok, b.err && `${c.name}: ours: ${b.err.name}: ${b.err.message}`);
      assert.equal(b.request.target, `AWSPartnerCentralSelling.${op.name}`);
      assert.equal(b.request.target, a.request.target);
      assert.equal(b.request.contentType, a.request.contentType);
      const theirBody = JSON.parse(a.request.body);
      const ourBody = JSON.parse(b.request.body);
      const token = op.idempotencyToken;
      if (token && input[token] === undefined) {
        // Generated on each side, once per call: both a UUID v4, compared by form only.
        for (const body of [theirBody, ourBody]) {
          assert.match(body[token], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          delete body[token];
        }
      }
      assert.deepEqual(withoutNewer(ourBody, theirBody, newer), theirBody, `${c.name}: the same JSON body`);
      assert.deepEqual(ourBody, JSON.parse(c.body), `${c.name}: the shared vector's body`);
      const theirOut = withoutMetadata(a.ok);
      assert.deepEqual(withoutNewer(withoutMetadata(b.ok), theirOut, newer), theirOut, `${c.name}: the same parsed output (Dates included)`);
      assert.deepEqual(Object.keys(b.ok.$metadata).sort(), Object.keys(a.ok.$metadata).sort());
      assert.equal(b.ok.$metadata.httpStatusCode, 200);
    }
    if (newer.size > 0) {
      newerThanSdk.push(`${op.name}: ${[...newer].join(', ')}`);
      t.diagnostic(`members newer than the JS SDK's model: ${[...newer].join(', ')}`);
    }
  });

  test(`${op.name}: every modelled error answer gives the JS SDK's class, $fault, message and members`, async () => {
    const { theirs, ours } = both();
    for (const error of op.errors) {
      const body = JSON.stringify({ __type: `com.amazonaws.partnercentralselling#${error.code}`, ...error.body });
      const answer = { status: STATUS[error.code] ?? 400, body };
      const a = await through(theirs, Theirs, withDates(cases[0].input, stamps), answer);
      const b = await through(ours, Ours, withDates(cases[0].input, stamps), answer);
      assert.ok(a.err && b.err, `${error.code}: both must reject`);
      assert.ok(a.err instanceof sdk[error.code], `JS SDK gave ${a.err.name} for ${error.code}`);
      assert.ok(b.err instanceof pkg[error.code], `ours gave ${b.err.name} for ${error.code}`);
      assert.ok(b.err instanceof pkg.PartnerCentralSellingServiceException);
      assert.equal(b.err.name, a.err.name);
      assert.equal(b.err.$fault, a.err.$fault, `${error.code}: $fault`);
      assert.equal(b.err.message, a.err.message, `${error.code}: message`);
      for (const member of Object.keys(error.body)) {
        if (member === 'Message' || member === 'message') continue;
        assert.deepEqual(b.err[member], a.err[member], `${error.code}.${member}`);
      }
      assert.equal(b.err.$metadata.httpStatusCode, a.err.$metadata.httpStatusCode);
    }
  });
}

test('the JS SDK v3 is compared on every operation it has (the rest are listed)', (t) => {
  t.diagnostic(`compared with the JS SDK: ${compared.length}; not in the JS SDK (${missing.length}): ${missing.join(', ')}`);
  t.diagnostic(`members the JS SDK does not know, sent and read by ours only: ${newerThanSdk.join('; ') || 'none'}`);
  assert.ok(compared.length >= 45, `only ${compared.length} operations compared`);
  assert.equal(compared.length + missing.length, fixture.operations.length);
});

test('no operation of the model is missing from the package: Command, method, paginator', () => {
  assert.equal(fixture.operations.length, 63);
  const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', credentials });
  const agg = new pkg.PartnerCentralSelling({ region: 'us-east-1', credentials });
  const paginated = [];
  for (const op of fixture.operations) {
    assert.equal(typeof pkg[op.command], 'function', `${op.command} missing`);
    assert.equal(pkg[op.command].name, op.command);
    assert.equal(pkg[op.command].operationName, op.name);
    assert.equal(new pkg[op.command]({ a: 1 }).input.a, 1);
    assert.equal(typeof client[op.jsName], 'function', `client.${op.jsName} missing`);
    assert.equal(typeof agg[op.jsName], 'function', `PartnerCentralSelling#${op.jsName} missing`);
    if (op.paginator) {
      paginated.push(op.name);
      assert.equal(typeof pkg[op.paginator.function], 'function', `${op.paginator.function} missing`);
      assert.equal(pkg[op.paginator.function].constructor.name, 'AsyncGeneratorFunction');
    } else {
      assert.equal(pkg[`paginate${op.name}`], undefined, `${op.name} does not paginate`);
    }
    for (const error of op.errors) assert.equal(typeof pkg[error.code], 'function', `${error.code} missing`);
  }
  assert.equal(paginated.length, 20);
  // And whatever the JS SDK exports for this service, we export too.
  for (const name of Object.keys(sdk)) {
    if (/^[A-Z]\w*Command$/.test(name)) assert.equal(typeof pkg[name], 'function', `the JS SDK has ${name}`);
    if (/^paginate/.test(name)) assert.equal(typeof pkg[name], 'function', `the JS SDK has ${name}`);
  }
});
