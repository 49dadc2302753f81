'use strict';
// The client with the AWS SDK for JavaScript v3's constructor options, `send(command)`, and one
// aggregated method per operation of the core's table (`client.listEngagementInvitations(input)`).
// It converts the input here and hands JSON text to the native client, which validates, signs,
// sends and retries on the shared tokio runtime.

const util = require('node:util');
const native = require('./native');
const convert = require('./convert');
const errors = require('./errors');
const table = require('./table');

let nextCallId = 1;

function newCallId() {
  const id = nextCallId++;
  if (nextCallId > 0x7fffffff) nextCallId = 1;
  return id;
}

// Finished calls come back from the native side in batches (see src/inbox.rs): one Inbox per JS
// environment, made on the first call, and the settle function of every call still waiting.
let inbox = null;
const waiting = new Map();
// The Inbox's wake-up does not keep the process alive (a client at rest must not); this timer,
// referenced only while calls are waiting, does. Its callback never does anything.
let keepAlive = null;

function settleFinished() {
  for (const completion of inbox.drain()) {
    const settle = waiting.get(completion.callId);
    if (settle === undefined) continue;
    waiting.delete(completion.callId);
    settle(completion);
  }
  if (waiting.size === 0) keepAlive.unref();
}

/** Starts call `callId` as `starter.start(...args, callId, inbox)`; resolves to its completion `{ output, error, panic }`. */
function finished(callId, starter, ...args) {
  if (inbox === null) {
    inbox = new native.Inbox(settleFinished);
    keepAlive = setInterval(() => {}, 0x7fffffff);
    keepAlive.unref();
  }
  starter.start(...args, callId, inbox);
  return new Promise((resolve) => {
    if (waiting.size === 0) keepAlive.ref();
    waiting.set(callId, resolve);
  });
}

/** The operation `operation` names, or a TypeError that lists how to name one. */
function operationNamed(operation) {
  const op = table.find(operation);
  if (op !== undefined) return op;
  const names = table.load().operations.map((o) => o.name);
  const wanted = String(typeof operation === 'function' ? operation.name : operation).toLowerCase().replace(/command$/, '');
  const close = names.filter((n) => n.toLowerCase().includes(wanted) || wanted.includes(n.toLowerCase())).slice(0, 5);
  throw new TypeError(
    `unknown operation ${util.inspect(operation)}: give an operation name such as '${names[0]}' ` +
    `(or its method name '${table.load().operations[0].jsName}')` +
    (close.length ? `; did you mean ${close.map((n) => `'${n}'`).join(', ')}?` : ''));
}

/** Every constraint `input` breaks as `operation`'s input, as `[{ path, code, message }]`; sends nothing. */
function validate(input, operation) {
  const op = typeof operation === 'function' && operation.operationName ? table.find(operation.operationName) : operationNamed(operation);
  return native.validateJson(op.index, convert.toJson(input));
}

function millis(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new errors.ConfigurationError(`${name} must be a non-negative number of milliseconds, got ${String(value)}`);
  }
  return Math.round(value);
}

function endpointString(endpoint) {
  if (endpoint === undefined || endpoint === null) return undefined;
  if (typeof endpoint === 'string') return endpoint;
  if (endpoint instanceof URL) return endpoint.href;
  if (typeof endpoint === 'object' && typeof endpoint.url === 'string') return endpoint.url;
  if (typeof endpoint === 'object' && endpoint.url instanceof URL) return endpoint.url.href;
  if (typeof endpoint === 'object' && typeof endpoint.hostname === 'string') {
    const protocol = (endpoint.protocol || 'https:').replace(/:?$/, ':');
    const port = endpoint.port ? `:${endpoint.port}` : '';
    return `${protocol}//${endpoint.hostname}${port}${endpoint.path || ''}`;
  }
  throw new errors.ConfigurationError('endpoint must be a URL string, a URL, or { url } / { protocol, hostname, port, path }');
}

function staticCredentials(c) {
  if (typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || c.accessKeyId === '' || c.secretAccessKey === '') {
    throw new errors.CredentialsProviderError('credentials must have string accessKeyId and secretAccessKey');
  }
  if (c.sessionToken !== undefined && c.sessionToken !== null && typeof c.sessionToken !== 'string') {
    throw new errors.CredentialsProviderError('credentials.sessionToken must be a string when given');
  }
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken ?? undefined };
}

/** Wraps a JS SDK-style provider so the native side always receives a Promise of plain strings and a number. */
function wrapProvider(provider) {
  return async () => {
    const c = await provider();
    if (!c || typeof c !== 'object') throw new Error('the credentials provider returned no credentials');
    const out = staticCredentials(c);
    if (c.expiration !== undefined && c.expiration !== null) {
      const at = c.expiration instanceof Date ? c.expiration.getTime() : Number(c.expiration);
      if (!Number.isFinite(at)) throw new Error('credentials.expiration must be a Date');
      out.expiration = at;
    }
    return out;
  };
}

/**
 * Certificate checking: `caBundle` (a PEM file path, like AWS_CA_BUNDLE) and `rejectUnauthorized`
 * (Node's name), also read where JS SDK code sets them: `requestHandler.httpsAgent` (an
 * `https.Agent` or its options) and NODE_TLS_REJECT_UNAUTHORIZED=0.
 */
function tlsOptions(config, handler) {
  const agent = handler.httpsAgent && typeof handler.httpsAgent === 'object'
    ? (handler.httpsAgent.options ?? handler.httpsAgent)
    : {};
  if (config.caBundle !== undefined && config.caBundle !== null && (typeof config.caBundle !== 'string' || config.caBundle === '')) {
    throw new errors.ConfigurationError(`caBundle must be the path of a PEM file, got ${util.inspect(config.caBundle)}`);
  }
  if (agent.ca !== undefined && agent.ca !== null && config.caBundle == null) {
    throw new errors.ConfigurationError(
      'requestHandler.httpsAgent.ca is not read by this client (it has no Node HTTP stack): ' +
      "pass the CA's PEM file as caBundle: '/path/to/ca.pem', or set AWS_CA_BUNDLE");
  }
  let reject = config.rejectUnauthorized ?? agent.rejectUnauthorized;
  if (reject !== undefined && typeof reject !== 'boolean') {
    throw new errors.ConfigurationError(`rejectUnauthorized must be a boolean, got ${util.inspect(reject)}`);
  }
  if (reject === undefined && process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') reject = false;
  return { caBundle: config.caBundle ?? undefined, rejectUnauthorized: reject };
}

/** As Node warns when certificate checks are off, once per client (`--disable-warning=CODE` hides it). */
function warnIfUnverified(options) {
  if (options.rejectUnauthorized !== false || options.tls === false) return;
  const env = process.env;
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined && !endpoint.startsWith('https://')) return;
  process.emitWarning(
    `TLS certificate verification is off for ${endpoint ?? 'the default endpoint'} ` +
    '(rejectUnauthorized: false): any server can pose as it. Outside local testing, trust a private CA with ' +
    "caBundle: '/path/to/ca.pem' or AWS_CA_BUNDLE instead.",
    { type: 'SecurityWarning', code: 'PARTNERCENTRAL_SELLING_TLS_UNVERIFIED' },
  );
}

function nativeOptions(config) {
  const handler = config.requestHandler && typeof config.requestHandler === 'object' ? config.requestHandler : {};
  if (config.region !== undefined && typeof config.region !== 'string') {
    throw new errors.ConfigurationError('region must be a string such as "us-east-1"');
  }
  if (config.retryMode !== undefined && typeof config.retryMode !== 'string') {
    throw new errors.ConfigurationError(`retryMode must be a string such as "standard", got ${String(config.retryMode)}`);
  }
  if (config.maxAttempts !== undefined && !(Number.isInteger(config.maxAttempts) && config.maxAttempts >= 1)) {
    throw new errors.ConfigurationError(`maxAttempts must be an integer of at least 1, got ${String(config.maxAttempts)}`);
  }
  const options = {
    region: config.region,
    endpoint: endpointString(config.endpoint),
    maxAttempts: config.maxAttempts,
    retryMode: config.retryMode,
    requestTimeoutMs: millis(config.requestTimeout ?? handler.requestTimeout, 'requestTimeout'),
    connectionTimeoutMs: millis(config.connectionTimeout ?? handler.connectionTimeout, 'connectionTimeout'),
    tls: config.tls,
    ...tlsOptions(config, handler),
    parameterValidation: config.parameterValidation,
    profile: config.profile,
  };
  const c = config.credentials;
  if (c !== undefined && c !== null && typeof c !== 'function') {
    options.credentials = staticCredentials(c);
  }
  return { options, provider: typeof c === 'function' ? wrapProvider(c) : undefined };
}

class PartnerCentralSellingClient {
  #native;
  #summary;

  constructor(config = {}) {
    const { options, provider } = nativeOptions(config);
    warnIfUnverified(options);
    try {
      this.#native = new native.NativeClient(options, provider);
    } catch (err) {
      // The core refused a setting (for example an unsupported retry mode).
      throw new errors.ConfigurationError(err.message);
    }
    this.#summary = {
      region: options.region,
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts,
      retryMode: options.retryMode,
      credentials: options.credentials ? 'static (hidden)' : provider ? 'provider function' : 'default chain',
    };
    // The JS SDK exposes `config`; ours holds no secret.
    this.config = Object.freeze({ ...this.#summary });
  }

  /** As the JS SDK: `client.send(new ListEngagementInvitationsCommand(input), { abortSignal })`. */
  send(command, optionsOrCb, cb) {
    const op = command && command[OPERATION];
    if (op === undefined) {
      const err = new TypeError('send() expects a command such as new ListEngagementInvitationsCommand(input)');
      return withCallback(Promise.reject(err), optionsOrCb, cb);
    }
    return withCallback(this.#invoke(op, command.input, typeof optionsOrCb === 'function' ? undefined : optionsOrCb), optionsOrCb, cb);
  }

  async #invoke(op, input, options) {
    const signal = options && options.abortSignal;
    if (signal && signal.aborted) throw new errors.AbortError('Request aborted');
    const callId = newCallId();
    // Started outside this async frame, so that the request's JSON text is not kept alive while
    // the call is in flight.
    const done = finished(callId, this.#native, op.index, convert.toJson(input));
    const onAbort = () => inbox.abort(callId);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    let outcome;
    try {
      outcome = await done;
    } finally {
      if (signal) signal.removeEventListener('abort', onAbort);
    }
    if (outcome.panic !== undefined && outcome.panic !== null) {
      // Only a native bug gets here (a panic caught at the boundary): the process keeps running.
      throw new errors.InternalError(`native call failed: ${outcome.panic}`);
    }
    if (outcome.error) throw errors.fromNative(outcome.error);
    const out = outcome.output;
    return { $metadata: errors.toMetadata(out.metadata), ...convert.fromJson(out.json, out.hasDates) };
  }

  /**
   * Runs one operation (a Command class or an operation name) for every row of `rows` (an array,
   * an iterable or async iterable of inputs, or the path of a .jsonl/.csv file) at the account's
   * pace, resumable with `journal`; see lib/bulk.js and docs/bulk.md. Returns a BulkRun.
   */
  bulk(command, rows, options = {}) {
    const op = typeof command === 'function' && typeof command.operationName === 'string'
      ? table.find(command.operationName)
      : operationNamed(command);
    const call = (start) => finished(newCallId(), { start });
    // lib/bulk.js is loaded on the first run, not at require.
    return require('./bulk').bulk(call, (source, nativeOptions, wake) => this.#native.bulk(op.index, source, nativeOptions, wake), rows, options);
  }

  /** The JS SDK's clients release sockets here; ours are pooled in the native client and freed with it. */
  destroy() {}

  [util.inspect.custom](depth, options, inspect) {
    return `PartnerCentralSellingClient ${inspect(this.#summary, options)}`;
  }

  toJSON() {
    return { ...this.#summary };
  }
}

/** The aggregated client of the JS SDK (`new PartnerCentralSelling(config).listEngagementInvitations(input)`). */
class PartnerCentralSelling extends PartnerCentralSellingClient {}

/** What `send` reads off a command: its operation's table entry. */
const OPERATION = Symbol('partnercentral-selling operation');

/** The JS SDK's callback form: `client.listX(input, (err, data) => ...)` or `(input, options, cb)`. */
function withCallback(promise, optionsOrCb, cb) {
  const callback = typeof optionsOrCb === 'function' ? optionsOrCb : cb;
  if (typeof callback !== 'function') return promise;
  promise.then((data) => callback(null, data), (err) => callback(err));
  return undefined;
}

/** Base of the Command classes; each has its operation's entry under OPERATION. */
class Command {
  constructor(input) {
    this.input = input;
  }
}

const commandClasses = new Map();

/** The `XCommand` class of operation `op`, made on first use. */
function commandClass(op) {
  let cls = commandClasses.get(op.name);
  if (cls !== undefined) return cls;
  cls = { [op.commandName]: class extends Command {} }[op.commandName];
  Object.defineProperty(cls.prototype, OPERATION, { value: op });
  // The JS SDK's commands name their operation here.
  Object.defineProperty(cls, 'operationName', { value: op.name });
  commandClasses.set(op.name, cls);
  return cls;
}

// The aggregated methods, one per operation of the table, as own properties of the prototype,
// each a small closure over its table entry. They are made on the first lookup of a name the
// prototype does not hold (the first method call, or `typeof prototype.listX`), not at require:
// a Proxy sits behind the prototype, and once the methods exist, lookups stop before reaching it.
let methodsMade = false;

function makeMethods() {
  methodsMade = true;
  for (const op of table.load().operations) {
    const method = {
      [op.jsName](input, optionsOrCb, cb) {
        const options = typeof optionsOrCb === 'function' ? undefined : optionsOrCb;
        return withCallback(this.send({ [OPERATION]: op, input }, options), optionsOrCb, cb);
      },
    }[op.jsName];
    Object.defineProperty(PartnerCentralSellingClient.prototype, op.jsName, {
      value: method, writable: true, configurable: true, enumerable: false,
    });
  }
}

const methodsOnDemand = new Proxy(Object.create(Object.prototype), {
  get(target, name, receiver) {
    if (!methodsMade && typeof name === 'string') {
      makeMethods();
      if (Object.prototype.hasOwnProperty.call(PartnerCentralSellingClient.prototype, name)) {
        return Reflect.get(PartnerCentralSellingClient.prototype, name, receiver);
      }
    }
    return Reflect.get(Object.prototype, name, receiver);
  },
  has(target, name) {
    if (!methodsMade && typeof name === 'string') makeMethods();
    // Only reached for names the prototype does not hold itself.
    return Object.prototype.hasOwnProperty.call(PartnerCentralSellingClient.prototype, name) || Reflect.has(Object.prototype, name);
  },
});
Object.setPrototypeOf(PartnerCentralSellingClient.prototype, methodsOnDemand);

module.exports = {
  finished,
  PartnerCentralSellingClient,
  PartnerCentralSelling,
  Command,
  commandClass,
  validate,
  operationNamed,
};
