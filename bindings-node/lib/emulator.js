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
    // Every partner account: { AccountId, AccessKeyId, SecretAccessKey, Name }.
    this.accounts = handle.accounts();
  }

  /**
   * Client configuration acting as one account (an index into `accounts` or an account id):
   * `{ region, endpoint, credentials }`, for this package's client or the AWS SDK's.
   */
  clientConfig(account = 0) {
    const found =
      typeof account === 'number'
        ? this.accounts[account]
        : this.accounts.find((a) => a.AccountId === account);
    if (!found) {
      const ids = this.accounts.map((a) => a.AccountId).join(', ');
      throw new RangeError(`account ${account} is not one of the emulator's (${ids})`);
    }
    return {
      region: this.region,
      endpoint: this.url,
      credentials: { accessKeyId: found.AccessKeyId, secretAccessKey: found.SecretAccessKey },
    };
  }

  /**
   * Moves the emulator's clock forward (`{ days, hours, minutes, seconds }`); resolves to the new
   * time (RFC 3339). Invitations past their expiration expire, tasks past their end complete.
   */
  async advance({ days = 0, hours = 0, minutes = 0, seconds = 0 } = {}) {
    return this.#native.advance(days * 86400 + hours * 3600 + minutes * 60 + seconds);
  }

  /** The emulator's time (RFC 3339, UTC). */
  now() {
    return this.#native.now();
  }

  /**
   * The EventBridge events emitted so far, oldest first: `[{ seq, event }]`; `{ after, account }`
   * read from a sequence number on, or one account's bus.
   */
  events({ after = 0, account } = {}) {
    return this.#native.events(after, account);
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
 * Starts an emulator on 127.0.0.1 (`{ port, faults, tls, tlsCertFile, tlsKeyFile, caBundleFile,
 * accounts, state, quotas, quotaScale, quota, eventUrl, taskSeconds }`, all optional); resolves to `{ url, credentials, region, caBundle, caPem, setFaults(),
 * invitationCount(), stats(), stop() }`. `tls: true` serves HTTPS with a certificate made at start;
 * `caBundle` is the path of its CA (removed on `stop()` unless `caBundleFile` named it).
 */
async function startEmulator(options = {}) {
  return new Emulator(native.startEmulator(options));
}

module.exports = { startEmulator, Emulator };
