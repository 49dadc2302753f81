// Secrets through the Node package, with debug output on (NODE_DEBUG, RUST_LOG): a child process
// makes successful, failing (validation, service, signature) and retried calls and prints
// util.inspect of every client, result and error (tests/hardening/secrets_scenario.mjs); all of
// its stdout and stderr is searched for the secret key, the session token, every SigV4 signature
// seen on the wire and every sensitive member's value (tests/hardening/secrets.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const secrets = JSON.parse(readFileSync(new URL('../hardening/secrets.json', import.meta.url), 'utf8'));
const scenario = fileURLToPath(new URL('../hardening/secrets_scenario.mjs', import.meta.url));

test('nothing printed, logged, raised or inspected holds a secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-secrets-'));
  try {
    const signaturesFile = join(dir, 'signatures.json');
    const run = spawnSync(process.execPath, [scenario], {
      env: { ...process.env, NODE_DEBUG: 'net,http,tls', RUST_LOG: 'trace', RUST_BACKTRACE: '1', SIGNATURES_FILE: signaturesFile },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `the scenario failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
    const output = `${run.stdout}\n${run.stderr}`;
    const signatures = JSON.parse(readFileSync(signaturesFile, 'utf8'));
    assert.ok(signatures.length >= 8, `the relay saw ${signatures.length} signed requests`);
    assert.ok(output.includes('InternalServerException') && output.includes('ValidationError'), 'the scenario printed its errors');
    const needles = [
      ...secrets.needles,
      ...secrets.quoted_needles,
      secrets.credentials.secret_access_key,
      secrets.credentials.session_token,
      secrets.wrong_secret_access_key,
      ...signatures,
    ];
    const leaks = needles
      .filter((needle) => output.includes(needle))
      .map((needle) => {
        const at = output.indexOf(needle);
        return `${JSON.stringify(needle)}: …${output.slice(Math.max(0, at - 80), at + needle.length + 80)}…`;
      });
    assert.deepEqual(leaks, [], `secrets leaked:\n${leaks.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
