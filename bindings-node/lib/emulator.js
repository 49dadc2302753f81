'use strict';
// The local Partner Central Selling endpoint from Node: the emulator crate on its own thread and
// runtime, listening on 127.0.0.1.
const util = require('node:util');
const native = require('./native');

class Emulator {
  #native;

  constructor(handle) {
    this.#native = handle;
    this.url = handle.url;
    const c = handle.credentials;
    this.credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    this.region = 'us-east-1';
    // With TLS: the generated certificate's CA, as a PEM file path and as text.
    this.caBundle = handle.caBundle ?? undefined;
    this.caPem = handle.caPem ?? undefined;
  }

  /**
   * Replaces the faults in force: `{ latencyMs, throttleRps, throttleBurst, errorRate, dropRate,
   * storeThenFailRate, next: ['throttle', 'error', 'drop', 'store_then_fail', 'none'] }`; `{}` turns them off.
   */
  setFaults(faults) {
    this.#native.setFaults(faults ?? {});
  }

  /** How many invitations the emulator has stored (each ClientToken counted once). */
  invitationCount() {
    return this.#native.invitationCount();
  }

  /** Counters: requests, connections, tlsHandshakeFailures, invitationsStored, throttled ... */
  stats() {
    return this.#native.stats();
  }

  async stop() {
    await this.#native.stop();
  }

  [util.inspect.custom](depth, options, inspect) {
    return `Emulator ${inspect({ url: this.url, caBundle: this.caBundle, credentials: '(test pair, hidden)' }, options)}`;
  }
}

/**
 * Starts an emulator on 127.0.0.1 (`{ port, faults, tls, tlsCertFile, tlsKeyFile, caBundleFile }`,
 * all optional); resolves to `{ url, credentials, region, caBundle, caPem, setFaults(),
 * invitationCount(), stats(), stop() }`. `tls: true` serves HTTPS with a certificate made at start;
 * `caBundle` is the path of its CA (removed on `stop()` unless `caBundleFile` named it).
 */
async function startEmulator(options = {}) {
  return new Emulator(native.startEmulator(options));
}

module.exports = { startEmulator, Emulator };
