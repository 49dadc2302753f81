// Node half of scripts/load.sh: CALLS invitations through the client, 64 in flight.
//
// usage: node load_node.mjs URL CALLS CHECKPOINT[,CHECKPOINT...]
// Prints one JSON line per checkpoint: calls done, errors by name, RSS of this process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pcs = require('../../bindings-node');
const IN_FLIGHT = 64;
const base = JSON.parse(readFileSync(new URL('./hostile-values.json', import.meta.url), 'utf8')).base;

const [url, callsArg, checkpointsArg] = process.argv.slice(2);
if (!checkpointsArg) {
  console.error('usage: node load_node.mjs URL CALLS CHECKPOINT[,CHECKPOINT...]');
  process.exit(2);
}
const calls = Number(callsArg);
const checkpoints = new Set(checkpointsArg.split(',').map(Number));

const client = new pcs.PartnerCentralSellingClient({
  region: 'us-east-1',
  endpoint: url,
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});
const errors = {};
const started = performance.now();
let next = 0;
let done = 0;

async function worker() {
  while (next < calls) {
    next += 1;
    try {
      await client.createEngagementInvitation(structuredClone(base));
    } catch (error) {
      errors[error.name] = (errors[error.name] ?? 0) + 1;
    }
    done += 1;
    if (checkpoints.has(done)) {
      console.log(JSON.stringify({
        lang: 'node', calls: done, in_flight: IN_FLIGHT, errors,
        rss_kib: Math.round(process.memoryUsage().rss / 1024),
        // V8's heap and the memory it tracks outside it (native buffers): tells a growing JS heap,
        // which a later GC may return, from native memory that nothing frees.
        heap_used_kib: Math.round(process.memoryUsage().heapUsed / 1024),
        external_kib: Math.round(process.memoryUsage().external / 1024),
        elapsed_s: Number(((performance.now() - started) / 1000).toFixed(3)),
      }));
    }
  }
}

await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
