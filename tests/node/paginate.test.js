'use strict';
// The paginators, with the JS SDK v3's semantics: 260 invitations listed against the emulator in
// pages, stopped midway and resumed from the token, and the same pages as the JS SDK's own
// paginator; then the edge cases against a scripted server.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pkg, pkgDir, validInput, clientFor, scriptedServer } = require('./helpers');

const sdk = require(path.join(pkgDir, 'node_modules', '@aws-sdk', 'client-partnercentral-selling'));

const TOTAL = 260;
let emu;
let client;
const created = new Set();

test.before(async () => {
  emu = await pkg.startEmulator();
  client = clientFor(emu);
  for (let i = 0; i < TOTAL; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: 20 }, (_, j) => client.createEngagementInvitation(validInput({ ClientToken: `paginate-${i + j}` }))),
    );
    for (const out of batch) created.add(out.Id);
  }
});
test.after(async () => {
  await emu.stop();
});

const listInput = () => ({ Catalog: 'Sandbox', ParticipantType: 'SENDER' });
const ids = (page) => page.EngagementInvitationSummaries.map((s) => s.Id);

test(`${TOTAL} invitations in pages of 40: stopped after 3 pages, resumed from the token, each exactly once`, async () => {
  assert.equal(created.size, TOTAL);
  const input = listInput();
  const first = [];
  let token;
  for await (const page of pkg.paginateListEngagementInvitations({ client, pageSize: 40 }, input)) {
    assert.ok(page.$metadata.requestId, 'each page carries $metadata');
    first.push(...ids(page));
    token = page.NextToken;
    if (first.length === 120) break;
  }
  assert.equal(first.length, 120);
  assert.equal(typeof token, 'string');
  assert.deepEqual(input, listInput(), "the caller's input is not written to");

  const rest = [];
  const sizes = [];
  for await (const page of pkg.paginateListEngagementInvitations({ client, pageSize: 40, startingToken: token }, listInput())) {
    rest.push(...ids(page));
    sizes.push(page.EngagementInvitationSummaries.length);
    for (const s of page.EngagementInvitationSummaries) assert.ok(s.InvitationDate instanceof Date, 'timestamps are Dates');
  }
  assert.deepEqual(sizes, [40, 40, 40, 20], 'the last page is the one without a token');
  const all = [...first, ...rest];
  assert.equal(all.length, TOTAL);
  assert.equal(new Set(all).size, TOTAL, 'no invitation twice');
  assert.deepEqual(new Set(all), created);
});

test("the same pages as the JS SDK v3's own paginator over the same emulator", async () => {
  const theirs = new sdk.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: emu.url, credentials: emu.credentials });
  const collect = async (paginate, c) => {
    const pages = [];
    for await (const page of paginate({ client: c, pageSize: 100 }, listInput())) pages.push(ids(page));
    return pages;
  };
  const [a, b] = [await collect(sdk.paginateListEngagementInvitations, theirs), await collect(pkg.paginateListEngagementInvitations, client)];
  assert.deepEqual(b, a);
  assert.deepEqual(b.map((p) => p.length), [100, 100, 60]);
});

test("the input's own page size and token win over pageSize; startingToken over the input's token", async () => {
  const server = await scriptedServer([
    { status: 200, body: { EngagementInvitationSummaries: [], NextToken: 't2' } },
    { status: 200, body: { EngagementInvitationSummaries: [] } },
  ]);
  try {
    const c = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: emu.credentials, maxAttempts: 1 });
    const pages = [];
    const input = { ...listInput(), MaxResults: 7, NextToken: 'from-input' };
    for await (const page of pkg.paginateListEngagementInvitations({ client: c, pageSize: 50, startingToken: 't1' }, input)) pages.push(page);
    assert.equal(pages.length, 2);
    const bodies = server.received.map((r) => JSON.parse(r.body));
    assert.deepEqual(bodies.map((b) => [b.MaxResults, b.NextToken]), [[7, 't1'], [7, 't2']]);
  } finally {
    await server.close();
  }
});

test('stopOnSameToken: the page that repeats the token it was fetched with is the last', async () => {
  const server = await scriptedServer([
    { status: 200, body: { EngagementInvitationSummaries: [], NextToken: 'same' } },
    { status: 200, body: { EngagementInvitationSummaries: [], NextToken: 'same' } },
    { status: 200, body: { EngagementInvitationSummaries: [] } },
  ]);
  try {
    const c = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: emu.credentials, maxAttempts: 1 });
    let n = 0;
    for await (const page of pkg.paginateListEngagementInvitations({ client: c, stopOnSameToken: true }, listInput())) {
      assert.ok(page.$metadata);
      n++;
    }
    assert.equal(n, 2, 'the page that repeats its own token is the last');
  } finally {
    await server.close();
  }
});

test('a failing page rejects the iteration with its error class; a client of another kind is refused', async () => {
  const server = await scriptedServer([
    { status: 200, body: { EngagementInvitationSummaries: [], NextToken: 'n1' } },
    { status: 404, body: { __type: 'ResourceNotFoundException', message: 'gone' } },
  ]);
  try {
    const c = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: server.url, credentials: emu.credentials, maxAttempts: 1 });
    const seen = [];
    await assert.rejects(async () => {
      for await (const page of pkg.paginateListEngagementInvitations({ client: c }, listInput())) seen.push(page);
    }, pkg.ResourceNotFoundException);
    assert.equal(seen.length, 1);
  } finally {
    await server.close();
  }
  await assert.rejects(async () => {
    for await (const _ of pkg.paginateListEngagementInvitations({ client: {} }, listInput())) void _;
  }, /Invalid client, expected instance of PartnerCentralSellingClient/);
});
