'use strict';
// Node contenders: the AWS SDK for JavaScript v3 (the peer) and our package.
//
//   node contender.js load jssdk|ours   time one require in this fresh process (ms)
//   node contender.js run jssdk|ours    construction, latency, throughput, peak RSS
//
// Settings come from the BENCH_* environment variables every contender reads; the result is one
// JSON line on stdout, in the shape the driver (bench/run.py) expects.

const path = require('node:path');

const MODULES = {
  jssdk: '@aws-sdk/client-partnercentral-selling',
  // Our package straight from its folder: the release build of bindings-node, as npm would load it.
  ours: path.resolve(__dirname, '..', '..', 'bindings-node'),
};

const [mode, which] = process.argv.slice(2);

if (mode === 'load') {
  // Timed before anything else is required, so the figure is the load alone.
  const start = process.hrtime.bigint();
  require(MODULES[which]);
  console.log(Number(process.hrtime.bigint() - start) / 1e6);
  process.exit(0);
}

const fs = require('node:fs');

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const env = (name, fallback) => process.env[name] ?? fallback;
const ENDPOINT = env('BENCH_ENDPOINT', 'http://127.0.0.1:18480');
const REQUESTS_DIR = env('BENCH_REQUESTS', path.join(__dirname, '..', 'requests'));
const CALLS = Number(env('BENCH_CALLS', '2000'));
const WARMUP = Number(env('BENCH_WARMUP', '200'));
const IN_FLIGHT = Number(env('BENCH_IN_FLIGHT', '16'));
const THROUGHPUT_SECS = Number(env('BENCH_THROUGHPUT_SECS', '2'));
const CONSTRUCT_REPS = Number(env('BENCH_CONSTRUCT_REPS', '50'));

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(samples, p) {
  // Nearest rank, as the Rust and Python harnesses compute it.
  const ordered = [...samples].sort((a, b) => a - b);
  const rank = Math.min(ordered.length, Math.max(1, Math.ceil((p / 100) * ordered.length)));
  return ordered[rank - 1];
}

function timed(construct) {
  let start = now();
  let value = construct();
  const first = now() - start;
  const samples = [];
  for (let i = 0; i < CONSTRUCT_REPS; i++) {
    start = now();
    value = construct();
    samples.push(now() - start);
  }
  return { first, median: percentile(samples, 50), value };
}

function check(response) {
  if (!response || !response.Id) throw new Error(`a call returned no Id: ${JSON.stringify(response)}`);
}

async function sequential(call, requests) {
  for (let i = 0; i < WARMUP; i++) check(await call(requests[i % 2]));
  const latencies = [];
  for (let i = 0; i < CALLS; i++) {
    const start = now();
    check(await call(requests[i % 2]));
    latencies.push((now() - start) * 1e3);
  }
  return {
    calls: CALLS,
    p50_us: percentile(latencies, 50),
    p90_us: percentile(latencies, 90),
    p99_us: percentile(latencies, 99),
    mean_us: latencies.reduce((a, b) => a + b, 0) / latencies.length,
  };
}

async function throughput(call, requests) {
  // IN_FLIGHT chains of Promises on one event loop, each calling back to back until told to stop.
  const state = { counting: false, stop: false, calls: 0 };
  const worker = async (slot) => {
    for (let i = slot; !state.stop; i++) {
      check(await call(requests[i % 2]));
      if (state.counting) state.calls++;
    }
  };
  const workers = Array.from({ length: IN_FLIGHT }, (_, n) => worker(n));
  await sleep(Math.min(THROUGHPUT_SECS / 8, 0.5) * 1e3);
  state.counting = true;
  const start = now();
  await sleep(THROUGHPUT_SECS * 1e3);
  const calls = state.calls;
  const secs = (now() - start) / 1e3;
  state.stop = true;
  await Promise.all(workers);
  return { in_flight: IN_FLIGHT, calls, secs, calls_per_s: calls / secs };
}

// Both packages export the same names with the same shapes: the point of a drop-in.
function setup(which) {
  const pkg = require(MODULES[which]);
  const options = {
    region: 'us-east-1',
    endpoint: ENDPOINT,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
  };
  const built = timed(() => new pkg.PartnerCentralSellingClient(options));
  const client = built.value;
  const call = (input) => client.send(new pkg.CreateEngagementInvitationCommand(input));
  return { built, call };
}

async function main() {
  const names = { jssdk: 'js-sdk', ours: 'node' };
  if (mode !== 'run' || !names[which]) {
    throw new Error('usage: node contender.js load|run jssdk|ours');
  }
  const name = names[which];
  const { built, call } = setup(which);
  const requests = ['opportunity.json', 'lead.json'].map((f) =>
    JSON.parse(fs.readFileSync(path.join(REQUESTS_DIR, f), 'utf8')),
  );
  const seq = await sequential(call, requests);
  const tput = await throughput(call, requests);
  const result = {
    contender: name,
    client_first_ms: built.first,
    client_ms: built.median,
    seq,
    throughput: tput,
    rss_mib: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(`${which}: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
