#!/usr/bin/env node
'use strict';
// Load time, client construction and per-call time against the emulator, for this package and for
// @aws-sdk/client-partnercentral-selling, in one run on one emulator. A measurement, not a test.
// Usage: node bindings-node/bench/compare.js [calls]
// (NAPI_RS_NATIVE_LIBRARY_PATH=<release .node> to measure a release build; the tests build debug.)
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
const oursPath = root;
const sdkPath = path.join(root, 'node_modules', '@aws-sdk', 'client-partnercentral-selling');
const calls = Number(process.argv[2] || 500);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function loadTimeMs(modulePath, runs = 15) {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}

function valid(token) {
  return {
    Catalog: 'Sandbox',
    EngagementIdentifier: 'eng-demo00000000s1',
    ClientToken: token,
    Invitation: {
      Message: 'Joint opportunity for Example Corp',
      Receiver: { Account: { AwsAccountId: '444455556666', Alias: 'Receiver' } },
      Payload: {
        OpportunityInvitation: {
          SenderContacts: [{ Email: 'jane@example.com', FirstName: 'Jane', LastName: 'Doe', Phone: '+14155550100' }],
          ReceiverResponsibilities: ['Distributor'],
          Customer: { Industry: 'Aerospace', CompanyName: 'Example Corp', WebsiteUrl: 'https://www.example.com', CountryCode: 'US' },
          Project: {
            BusinessProblem: 'The customer needs to migrate its analytics platform to AWS.',
            Title: 'Analytics migration',
            TargetCompletionDate: '2027-06-30',
            ExpectedCustomerSpend: [{ Amount: '1000.00', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' }],
          },
        },
      },
    },
  };
}

async function perCall(label, client, Command, n) {
  for (let i = 0; i < 50; i++) await client.send(new Command(valid(`${label}-warm-${i}`)));
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await client.send(new Command(valid(`${label}-${i}`)));
    times.push(performance.now() - t);
  }
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => client.send(new Command(valid(`${label}-par-${i}`)))));
  const parallel = performance.now() - t;
  return { median: median(times), mean: times.reduce((a, b) => a + b, 0) / n, perSecondConcurrent: (n / parallel) * 1000 };
}

function construction(Client, config, n = 2000) {
  for (let i = 0; i < 100; i++) new Client(config);
  const t = performance.now();
  for (let i = 0; i < n; i++) new Client(config);
  return ((performance.now() - t) / n) * 1000;
}

/** Ours builds its native client lazily, so construction alone flatters it: this row adds the first call. */
async function coldFirstCall(Client, Command, config, label, n = 20) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await new Client(config).send(new Command(valid(`${label}-cold-${i}`)));
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main() {
  const baseline = loadTimeMs(path.join(__dirname, 'empty.js'));
  const loadOurs = loadTimeMs(oursPath);
  const loadSdk = loadTimeMs(sdkPath);
  const ours = require(oursPath);
  const sdk = require(sdkPath);
  const emu = await ours.startEmulator();
  try {
    const config = { region: 'us-east-1', endpoint: emu.url, credentials: emu.credentials };
    const rows = [
      ['load (require) ms, median of 15 fresh processes', loadOurs, loadSdk],
      ['client construction us', construction(ours.PartnerCentralSellingClient, config), construction(sdk.PartnerCentralSellingClient, config)],
    ];
    rows.push([
      'new client + first call ms, median of 20',
      await coldFirstCall(ours.PartnerCentralSellingClient, ours.CreateEngagementInvitationCommand, config, 'ours'),
      await coldFirstCall(sdk.PartnerCentralSellingClient, sdk.CreateEngagementInvitationCommand, config, 'sdk'),
    ]);
    const a = await perCall('ours', new ours.PartnerCentralSellingClient(config), ours.CreateEngagementInvitationCommand, calls);
    const b = await perCall('sdk', new sdk.PartnerCentralSellingClient(config), sdk.CreateEngagementInvitationCommand, calls);
    rows.push([`sequential call ms, median of ${calls}`, a.median, b.median]);
    rows.push([`sequential call ms, mean of ${calls}`, a.mean, b.mean]);
    // Throughput: higher is better, so the speed-up is ours/sdk; the rows above are times (sdk/ours).
    rows.push([`${calls} concurrent calls, calls/s`, a.perSecondConcurrent, b.perSecondConcurrent, a.perSecondConcurrent / b.perSecondConcurrent]);
    console.log(`node ${process.version}; empty require baseline ${baseline.toFixed(2)} ms; emulator ${emu.url}`);
    console.log(['measure', 'partnercentral-selling', '@aws-sdk/client-partnercentral-selling', 'ours faster by'].join(' | '));
    for (const [name, x, y, speedup] of rows) console.log([name, x.toFixed(3), y.toFixed(3), `${(speedup ?? y / x).toFixed(2)}x`].join(' | '));
  } finally {
    await emu.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
