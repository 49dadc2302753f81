'use strict';
// Peak RSS of `client.bulk` fed by an async generator of N rows (spooled to a temporary file and
// streamed by the core), iterated to the end, then with `done()`'s one result per row:
//   node bindings-node/bench/bulk-memory.js N [VALID]   (VALID rows are sent, the rest are invalid
//   and, with sendValid, finish without a request; SCALE, RATE: the emulator's quota scale, the pace)
// The emulator runs in a child process, so the invitations it stores are not counted here.
const path = require('node:path');
const { spawn } = require('node:child_process');
const pkg = require('..');
const { validInput } = require('../../tests/node/helpers.js');

const n = Number(process.argv[2] ?? 1000);
const valid = Number(process.argv[3] ?? n);
const scale = Number(process.env.SCALE ?? 2000);
const rate = Number(process.env.RATE ?? 500);

const EMULATOR = `
  require(${JSON.stringify(path.join(__dirname, '..'))}).startEmulator({ quotas: 'aws', quotaScale: ${scale} }).then((emu) => {
    console.log(JSON.stringify({ url: emu.url, credentials: emu.credentials }));
    setInterval(() => {}, 1 << 30);
  });`;

(async () => {
  const child = spawn(process.execPath, ['-e', EMULATOR], { stdio: ['ignore', 'pipe', 'inherit'] });
  const emu = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(JSON.parse(String(d)))));
  const client = new pkg.PartnerCentralSellingClient({ region: 'us-east-1', endpoint: emu.url, credentials: emu.credentials });
  let peak = 0;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  async function* rows() {
    for (let i = 0; i < n; i++) {
      if (i < valid) {
        const r = validInput();
        r.Invitation.Message = `Bulk invitation ${i}`;
        yield r;
      } else {
        yield { Catalog: 'Sandbox', Note: `row ${i} `.repeat(20) };
      }
    }
  }
  try {
    const run = client.bulk(pkg.CreateEngagementInvitationCommand, rows(), { sendValid: true, rate });
    let iterated = 0;
    for await (const r of run) iterated += r.row >= 0 ? 1 : 0;
    const duringRun = Math.max(peak, process.memoryUsage().rss);
    const { summary } = await run.done();
    const withResults = Math.max(peak, process.memoryUsage().rss);
    const mb = (b) => +(b / 1e6).toFixed(1);
    console.log(JSON.stringify({ rows: n, valid, iterated, done: summary.done, failed: summary.failed, peakRssMb: mb(duringRun), peakRssMbWithDoneResults: mb(withResults) }));
  } finally {
    clearInterval(sample);
    child.kill();
  }
})();
