'use strict';
// client.bulk(Command, rows, options) against the emulator with the documented quotas (scaled, so
// a row takes a few tens of milliseconds): what was stored, what came back, in which order, and
// what a cancel, an abort and a resume leave behind. Nothing here measures time.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pkg, pkgDir, validInput, clientFor } = require('./helpers');

const { CreateEngagementInvitationCommand, BulkInvalidRowsError, BulkError, ValidationError, AbortError } = pkg;
// The emulator's write quota is 1/s scaled by SCALE; the runs pace at RATE, under it.
const SCALE = 40;
const RATE = 20;

function row(i) {
  const input = validInput();
  input.Invitation.Message = `Bulk invitation ${i}`;
  input.Invitation.Payload.OpportunityInvitation.Customer.CompanyName = `Example Corp ${i}`;
  return input;
}

const rows = (n) => Array.from({ length: n }, (_, i) => row(i));

let dir;
test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcs-node-bulk-'));
});
test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let journals = 0;
const journal = () => path.join(dir, `run-${++journals}.db`);

/** A fresh emulator with scaled quotas for one test, and a client acting as its sender. */
async function setup() {
  const emu = await pkg.startEmulator({ quotas: 'aws', quotaScale: SCALE });
  return { emu, client: clientFor(emu) };
}

function spoolFiles() {
  return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`pcs-bulk-rows-${process.pid}-`));
}

test('an array of rows: one invitation per row, results as rows finish and then in input order', async () => {
  const { emu, client } = await setup();
  try {
    const n = 8;
    const run = client.bulk(CreateEngagementInvitationCommand, rows(n), { journal: journal(), rate: RATE });
    const seen = [];
    for await (const r of run) {
      assert.equal(r.status, 'done', JSON.stringify(r));
      assert.match(r.output.Id, /^engi-/);
      assert.match(r.output.Arn, /engagement-invitation/);
      assert.equal(r.output.$metadata, undefined);
      assert.match(r.clientToken, /^[0-9a-f-]{36}$/);
      assert.equal(r.fromJournal, false);
      seen.push(r.row);
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(n).keys()]);
    const { results, summary } = await run.done();
    assert.equal(emu.invitationCount(), n);
    assert.deepEqual(results.map((r) => r.row), [...Array(n).keys()]);
    assert.ok(results.every((r) => r.status === 'done' && /^engi-/.test(r.output.Id)));
    assert.equal(new Set(results.map((r) => r.output.Id)).size, n);
    // The journal keeps each row's token: the results read back carry the ones the loop saw.
    const tokens = new Map();
    for (const r of results) tokens.set(r.row, r.clientToken);
    assert.equal(new Set(tokens.values()).size, n);
    assert.ok([...tokens.values()].every((t) => /^[0-9a-f-]{36}$/.test(t)));
    assert.equal(summary.total, n);
    assert.equal(summary.done, n);
    assert.equal(summary.failed, 0);
    assert.equal(summary.fromJournal, 0);
    assert.equal(summary.pending, 0);
    assert.equal(summary.cancelled, false);
    assert.equal(typeof summary.elapsedMs, 'number');
  } finally {
    await emu.stop();
  }
});

test('an async generator is spooled once to a temporary file, an operation name works, temporary files are removed', async () => {
  const { emu, client } = await setup();
  try {
    let pulled = 0;
    async function* generate() {
      for (let i = 0; i < 5; i++) {
        pulled++;
        await new Promise((resolve) => setImmediate(resolve));
        yield row(i);
      }
    }
    const { results, summary } = await client.bulk('CreateEngagementInvitation', generate(), { rate: RATE }).done();
    assert.equal(pulled, 5);
    assert.equal(emu.invitationCount(), 5);
    assert.equal(summary.done, 5);
    assert.deepEqual(results.map((r) => [r.row, r.status]), [0, 1, 2, 3, 4].map((i) => [i, 'done']));
    assert.deepEqual(spoolFiles(), []);
    // No journal given: the temporary one is gone once done() has read it.
    assert.deepEqual(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`pcs-bulk-node-${process.pid}-`)), []);
  } finally {
    await emu.stop();
  }
});

test('a .jsonl path and a .csv path are read by the core', async () => {
  const { emu, client } = await setup();
  try {
    const jsonl = path.join(dir, 'rows.jsonl');
    fs.writeFileSync(jsonl, rows(3).map((r) => JSON.stringify(r)).join('\n') + '\n');
    const one = await client.bulk(CreateEngagementInvitationCommand, jsonl, { rate: RATE }).done();
    assert.equal(one.summary.done, 3);
    assert.equal(emu.invitationCount(), 3);

    const columns = [
      'Catalog', 'EngagementIdentifier', 'Invitation.Message', 'Invitation.Receiver.Account.AwsAccountId',
      'Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email',
      'Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities',
      'Invitation.Payload.OpportunityInvitation.Customer.Industry',
      'Invitation.Payload.OpportunityInvitation.Customer.CompanyName',
      'Invitation.Payload.OpportunityInvitation.Customer.WebsiteUrl',
      'Invitation.Payload.OpportunityInvitation.Customer.CountryCode',
      'Invitation.Payload.OpportunityInvitation.Project.BusinessProblem',
      'Invitation.Payload.OpportunityInvitation.Project.Title',
      'Invitation.Payload.OpportunityInvitation.Project.TargetCompletionDate',
      'Invitation.Payload.OpportunityInvitation.Project.ExpectedCustomerSpend[0].Amount',
      'Invitation.Payload.OpportunityInvitation.Project.ExpectedCustomerSpend[0].CurrencyCode',
      'Invitation.Payload.OpportunityInvitation.Project.ExpectedCustomerSpend[0].Frequency',
      'Invitation.Payload.OpportunityInvitation.Project.ExpectedCustomerSpend[0].TargetCompany',
    ];
    const line = (i) => [
      'Sandbox', 'eng-demo00000000s1', `CSV invitation ${i}`, '444455556666', 'jane@example.com', '"[""Distributor""]"',
      'Aerospace', `"CSV Corp, ${i}"`, 'https://www.example.com', 'US',
      'The customer needs to migrate its analytics platform to AWS.', 'Analytics migration',
      '2027-06-30', '1000.00', 'USD', 'Monthly', 'AWS',
    ].join(',');
    const csv = path.join(dir, 'rows.csv');
    fs.writeFileSync(csv, `${columns.join(',')}\n${line(1)}\n${line(2)}\n`);
    const two = await client.bulk(CreateEngagementInvitationCommand, csv, { rate: RATE }).done();
    assert.equal(two.summary.done, 2, JSON.stringify(two.results));
    assert.equal(emu.invitationCount(), 5);
  } finally {
    await emu.stop();
  }
});

test('any operation: outputs convert as a command output does (Dates), in both the iterator and done()', async () => {
  const { emu, client } = await setup();
  try {
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await client.createEngagementInvitation(row(i))).Id);
    const { GetEngagementInvitationCommand } = pkg;
    const input = ids.map((Identifier) => ({ Catalog: 'Sandbox', Identifier }));
    const run = client.bulk(GetEngagementInvitationCommand, input, { rate: RATE });
    const seen = [];
    for await (const r of run) seen.push(r);
    const { results } = await run.done();
    for (const r of [...seen, ...results]) {
      assert.equal(r.status, 'done', JSON.stringify(r));
      assert.equal(r.output.Id, ids[r.row]);
      assert.ok(r.output.InvitationDate instanceof Date, String(r.output.InvitationDate));
      assert.equal(r.clientToken, undefined);
    }
    assert.equal(seen.length, 2);
  } finally {
    await emu.stop();
  }
});

test('invalid rows reject before anything is sent, every row number and path in the message', async () => {
  const { emu, client } = await setup();
  try {
    const input = rows(6);
    input[1].Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email = 'not-an-email';
    input[4].Catalog = 42;
    delete input[4].EngagementIdentifier;
    const run = client.bulk(CreateEngagementInvitationCommand, input, { rate: RATE });
    const err = await run.done().then(() => assert.fail('resolved'), (e) => e);
    assert.ok(err instanceof BulkInvalidRowsError);
    assert.ok(err instanceof ValidationError);
    assert.equal(err.name, 'BulkInvalidRowsError');
    assert.match(err.message, /^2 of 6 rows are invalid; nothing was sent/);
    assert.match(err.message, /sendValid: true/);
    assert.match(err.message, /row 2:\n\s+Invitation\.Payload\.OpportunityInvitation\.SenderContacts\[0\]\.Email: /);
    assert.match(err.message, /row 5:\n(\s+.*\n)*\s+Catalog: /);
    assert.match(err.message, /\s+EngagementIdentifier: REQUIRED_FIELD_MISSING/);
    assert.deepEqual(err.rows.map((r) => r.row), [1, 4]);
    assert.ok(err.rows[1].violations.some((v) => v.path === 'EngagementIdentifier'));
    assert.equal(err.total, 6);
    assert.ok(err.errors.length >= 3);
    // The iterator throws the same error.
    await assert.rejects(async () => {
      for await (const r of client.bulk(CreateEngagementInvitationCommand, input, { rate: RATE })) assert.fail(`a result: ${r.row}`);
    }, BulkInvalidRowsError);
    assert.equal(emu.invitationCount(), 0);
    assert.equal(emu.stats().requests, 0);
  } finally {
    await emu.stop();
  }
});

test('sendValid: true sends the valid rows; the invalid ones are failed results with every violation', async () => {
  const { emu, client } = await setup();
  try {
    const input = rows(4);
    input[2].Invitation.Payload.OpportunityInvitation.Customer.CountryCode = 'XX';
    input[3] = 'not an object';
    const { results, summary } = await client.bulk(CreateEngagementInvitationCommand, input, { rate: RATE, sendValid: true }).done();
    assert.equal(emu.invitationCount(), 2);
    assert.deepEqual(results.map((r) => r.status), ['done', 'done', 'failed', 'failed']);
    assert.equal(results[2].error.code, 'ParamValidation');
    assert.deepEqual(results[2].error.violations.map((v) => v.path), ['Invitation.Payload.OpportunityInvitation.Customer.CountryCode']);
    assert.equal(typeof results[2].error.violations[0].code, 'string');
    assert.equal(results[3].status, 'failed');
    assert.equal(summary.done, 2);
    assert.equal(summary.failed, 2);
  } finally {
    await emu.stop();
  }
});

test('service errors are failed results with their code and message; rowAttempts surfaces a throttle', async () => {
  const { emu } = await setup();
  try {
    const client = clientFor(emu, { maxAttempts: 1 });
    const input = rows(3);
    input[1].EngagementIdentifier = 'eng-zzzzzzzzzzzzzz';
    const { results, summary } = await client.bulk(CreateEngagementInvitationCommand, input, { rate: RATE, concurrency: 1 }).done();
    assert.deepEqual(results.map((r) => r.status), ['done', 'failed', 'done']);
    assert.equal(results[1].error.code, 'ResourceNotFoundException');
    assert.ok(results[1].error.message.length > 0);
    assert.deepEqual(results[1].error.violations, []);
    assert.equal(summary.failed, 1);

    emu.setFaults({ next: ['throttle'] });
    const throttled = await client.bulk(CreateEngagementInvitationCommand, [row(9)], { rate: RATE, rowAttempts: 1 }).done();
    assert.equal(throttled.results[0].status, 'failed');
    assert.equal(throttled.results[0].error.code, 'ThrottlingException');
  } finally {
    await emu.stop();
  }
});

test('an abort mid-run stops taking rows and rejects with AbortError; the same call resumes with nothing sent twice', async () => {
  const { emu, client } = await setup();
  try {
    const n = 20;
    const input = rows(n);
    const file = journal();
    const controller = new AbortController();
    const reason = new Error('operator stop');
    const seen = [];
    const err = await (async () => {
      for await (const r of client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: RATE, signal: controller.signal })) {
        seen.push(r);
        if (seen.length === 3) controller.abort(reason);
      }
    })().then(() => assert.fail('the loop ended without an AbortError'), (e) => e);
    assert.ok(err instanceof AbortError, String(err));
    assert.equal(err.name, 'AbortError');
    assert.equal(err.cause, reason);
    assert.equal(err.summary.cancelled, true);
    const stored = emu.invitationCount();
    assert.ok(stored >= 3 && stored < n, `stored ${stored}`);
    assert.ok(seen.every((r) => r.status === 'done'));

    const resumed = await client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: RATE }).done();
    assert.equal(emu.invitationCount(), n);
    assert.equal(resumed.summary.done, n);
    assert.ok(resumed.summary.fromJournal >= 3, JSON.stringify(resumed.summary));
    assert.equal(resumed.results.filter((r) => r.fromJournal).length, resumed.summary.fromJournal);
    for (const r of seen) {
      assert.equal(resumed.results[r.row].output.Id, r.output.Id);
      assert.equal(resumed.results[r.row].fromJournal, true);
    }
    assert.equal(new Set(resumed.results.map((r) => r.output.Id)).size, n);
  } finally {
    await emu.stop();
  }
});

test('an already-aborted signal rejects before anything is sent', async () => {
  const { emu, client } = await setup();
  try {
    const reason = new Error('too late');
    const run = client.bulk(CreateEngagementInvitationCommand, rows(3), { rate: RATE, signal: AbortSignal.abort(reason) });
    const err = await run.done().then(() => assert.fail('resolved'), (e) => e);
    assert.ok(err instanceof AbortError);
    assert.equal(err.cause, reason);
    assert.equal(emu.stats().requests, 0);
  } finally {
    await emu.stop();
  }
});

test('onProgress gets consistent counts, the last equal to the summary', async () => {
  const { emu, client } = await setup();
  try {
    const n = 6;
    const seen = [];
    const { summary } = await client.bulk(CreateEngagementInvitationCommand, rows(n), {
      rate: RATE,
      onProgress: (p) => seen.push(p),
    }).done();
    assert.ok(seen.length >= 1);
    let last = { done: 0, failed: 0 };
    for (const p of seen) {
      assert.equal(p.total, n);
      assert.equal(p.remaining, p.total - p.done - p.failed);
      assert.ok(p.done >= last.done && p.failed >= last.failed, 'counts never go back');
      assert.ok(p.inFlight >= 0 && p.inFlight <= n);
      for (const k of ['fromJournal', 'rate', 'throughput', 'etaSeconds', 'throttled']) assert.equal(typeof p[k], 'number', k);
      assert.equal(p.dailyLimitUntil, undefined);
      last = p;
    }
    assert.equal(last.done, n);
    assert.equal(last.inFlight, 0);
    assert.equal(summary.done, n);
  } finally {
    await emu.stop();
  }
});

test('an onProgress that throws stops the run, which rejects with its error', async () => {
  const { emu, client } = await setup();
  try {
    const boom = new Error('progress bar broke');
    const run = client.bulk(CreateEngagementInvitationCommand, rows(10), { rate: RATE, onProgress: () => { throw boom; } });
    await assert.rejects(run.done(), (e) => e === boom);
    assert.ok(emu.invitationCount() < 10);
  } finally {
    await emu.stop();
  }
});

test('breaking out of for await cancels cleanly: done() then has pending rows, and a rerun finishes them', async () => {
  const { emu, client } = await setup();
  try {
    const n = 20;
    const input = rows(n);
    const file = journal();
    const run = client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: RATE });
    let taken = 0;
    for await (const r of run) {
      assert.equal(r.status, 'done');
      if (++taken === 2) break;
    }
    const { results, summary } = await run.done();
    assert.equal(summary.cancelled, true);
    assert.equal(results.length, n);
    assert.ok(summary.pending > 0, JSON.stringify(summary));
    assert.equal(results.filter((r) => r.status === 'pending').length, summary.pending);
    assert.equal(results.filter((r) => r.status === 'done').length, emu.invitationCount());
    const again = await client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: RATE }).done();
    assert.equal(again.summary.done, n);
    assert.equal(emu.invitationCount(), n);
  } finally {
    await emu.stop();
  }
});

test('a journal of another input is refused with the core message, and nothing is sent', async () => {
  const { emu, client } = await setup();
  try {
    const file = journal();
    await client.bulk(CreateEngagementInvitationCommand, rows(2), { journal: file, rate: RATE }).done();
    const before = emu.stats().requests;
    const other = rows(3);
    const err = await client.bulk(CreateEngagementInvitationCommand, other, { journal: file, rate: RATE }).done().then(
      () => assert.fail('resolved'), (e) => e);
    assert.ok(err instanceof BulkError, String(err));
    assert.equal(err.name, 'BulkError');
    assert.equal(err.code, 'JournalMismatch');
    assert.ok(err.message.includes(file), err.message);
    assert.match(err.message, /input/);
    assert.equal(emu.stats().requests, before);
    assert.equal(emu.invitationCount(), 2);
  } finally {
    await emu.stop();
  }
});

test('a journal another run holds is refused at once (JournalInUse), naming the journal', async () => {
  const { emu, client } = await setup();
  try {
    const input = rows(20);
    const file = journal();
    const controller = new AbortController();
    // Slow on purpose (2 rows a second), so the second call surely meets the first one running.
    const first = client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: 2, signal: controller.signal });
    let err;
    const ended = await (async () => {
      for await (const r of first) {
        assert.equal(r.status, 'done');
        if (err === undefined) {
          err = await client.bulk(CreateEngagementInvitationCommand, input, { journal: file, rate: RATE }).done().then(
            () => assert.fail('the second run resolved'), (e) => e);
          controller.abort();
        }
      }
    })().then(() => 'finished', (e) => e);
    assert.ok(err instanceof BulkError, String(err));
    assert.equal(err.code, 'JournalInUse');
    assert.ok(err.message.includes(file), err.message);
    assert.match(err.message, /in use by another bulk run/);
    assert.ok(ended instanceof AbortError, String(ended));
    assert.ok(emu.invitationCount() < 20);
  } finally {
    await emu.stop();
  }
});

test('a run nobody iterates is drained (more results than every buffer), and a late iterator is refused', async () => {
  const { emu, client } = await setup();
  try {
    // Invalid rows with sendValid finish without a request: many results, fast.
    const input = Array.from({ length: 1500 }, (_, i) => ({ Catalog: 'Sandbox', Row: i }));
    input.push(row(0));
    const run = client.bulk(CreateEngagementInvitationCommand, input, { rate: RATE, sendValid: true });
    const { results, summary } = await run.done();
    assert.equal(results.length, 1501);
    assert.equal(summary.failed, 1500);
    assert.equal(summary.done, 1);
    assert.equal(results[1500].status, 'done');
    assert.throws(() => run[Symbol.asyncIterator](), /dropped results because nothing iterated/);
    assert.equal(emu.invitationCount(), 1);
  } finally {
    await emu.stop();
  }
});

test('bad arguments throw at once, naming the option and the fix', async () => {
  const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
  assert.throws(() => client.bulk(CreateEngagementInvitationCommand, 42), /array of inputs, an iterable or async iterable of them, or the path/);
  assert.throws(() => client.bulk(CreateEngagementInvitationCommand, [], { rate: -1 }), /rate must be a number above 0/);
  assert.throws(() => client.bulk(CreateEngagementInvitationCommand, [], { jounral: 'x.db' }), /unknown bulk option 'jounral'/);
  assert.throws(() => client.bulk('CreateEngagementInvitaton', []), /unknown operation/);
  const missing = client.bulk(CreateEngagementInvitationCommand, path.join(dir, 'missing.jsonl'));
  const err = await missing.done().then(() => assert.fail('resolved'), (e) => e);
  assert.ok(err instanceof BulkError);
  assert.equal(err.code, 'Source');
  assert.ok(err.message.includes('missing.jsonl'), err.message);
  const txt = path.join(dir, 'rows.txt');
  fs.writeFileSync(txt, '{}\n');
  const wrong = await client.bulk(CreateEngagementInvitationCommand, txt).done().then(() => assert.fail('resolved'), (e) => e);
  assert.equal(wrong.code, 'Source');
  assert.match(wrong.message, /rows\.txt: the input is read by its extension: \.jsonl .* or \.csv/);
});

test('a finished run does not keep node alive', () => {
  const script = `
    const pkg = require(${JSON.stringify(pkgDir)});
    const { validInput } = require(${JSON.stringify(path.join(__dirname, 'helpers.js'))});
    (async () => {
      const emu = await pkg.startEmulator();
      const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: emu.url, credentials: emu.credentials });
      const { summary } = await client.bulk(pkg.CreateEngagementInvitationCommand, [validInput()], { rate: 50, onProgress() {} }).done();
      console.log('done', summary.done);
    })();
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, `the process was still running: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'done 1');
});
