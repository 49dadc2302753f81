'use strict';
// The error classes: the service's modelled errors with the AWS SDK for JavaScript v3's shape
// (name, message, $fault, $metadata, modelled members), and the client-side failures, each with its
// own name so `err.name === '...'` and `instanceof` both work.

/** Base of every error the service answered with (as `PartnerCentralSellingServiceException` in the JS SDK). */
class PartnerCentralSellingServiceException extends Error {
  constructor(options) {
    // As the JS SDK: an error without a message reads "UnknownError".
    super(options.message || 'UnknownError');
    Object.setPrototypeOf(this, new.target.prototype);
    // Enumerable, as the JS SDK leaves it: JSON.stringify(err) and key listings show the message.
    Object.defineProperty(this, 'message', { value: this.message, enumerable: true, writable: true, configurable: true });
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
  }
}

const table = require('./table');

// One named class per modelled error of the table, made on first use, so stack traces and
// `instanceof` read naturally. Each carries its error shape's members from the answer's body.
const serviceClasses = new Map();

function serviceClass(code) {
  let cls = serviceClasses.get(code);
  if (cls !== undefined) return cls;
  const members = table.load().errors[code];
  if (members === undefined) return undefined;
  cls = {
    [code]: class extends PartnerCentralSellingServiceException {
      constructor(options) {
        super({ ...options, name: code, $fault: options.$fault ?? 'client' });
        for (const member of members) {
          // The message is the base's `message`, as the JS SDK keeps it.
          if (member === 'Message' || member === 'message') continue;
          if (options[member] !== undefined) this[member] = options[member];
        }
      }
    },
  }[code];
  serviceClasses.set(code, cls);
  return cls;
}

/** The codes of the model's errors. */
function serviceErrorCodes() {
  return Object.keys(table.load().errors);
}

/** Base of the failures that happened on this side (nothing or no answer came back from the service). */
class PartnerCentralSellingClientError extends Error {
  constructor(message, details = {}) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    this.$fault = 'client';
    if (details.$metadata) this.$metadata = details.$metadata;
  }
}

/** The request broke the model's constraints; nothing was sent. `errors` lists every violation. */
class ValidationError extends PartnerCentralSellingClientError {
  constructor(errors) {
    const lines = errors.map((e) => `  ${e.path || '(input)'}: ${e.code}: ${e.message}`);
    super(`${errors.length} parameter validation error(s):\n${lines.join('\n')}`);
    this.errors = errors;
  }
}
class CredentialsProviderError extends PartnerCentralSellingClientError {}
class ConnectionError extends PartnerCentralSellingClientError {}
/** The endpoint's TLS certificate was refused (never retried); the message names the fix. */
class CertificateError extends ConnectionError {}
class TimeoutError extends PartnerCentralSellingClientError {}
class ConfigurationError extends PartnerCentralSellingClientError {}
class ResponseParseError extends PartnerCentralSellingClientError {}
class AbortError extends PartnerCentralSellingClientError {}
/** A bug inside the native code (a Rust panic, caught at the boundary); the process keeps running. */
class InternalError extends PartnerCentralSellingClientError {}

const KIND_CLASSES = {
  credentials: CredentialsProviderError,
  connection: ConnectionError,
  tls: CertificateError,
  timeout: TimeoutError,
  config: ConfigurationError,
  decode: ResponseParseError,
  aborted: AbortError,
};

/** `$metadata` as the JS SDK builds it, plus the idempotency token (non-enumerable, so keys match the SDK's). */
function toMetadata(m) {
  if (!m) return undefined;
  const metadata = {
    httpStatusCode: m.httpStatusCode ?? undefined,
    requestId: m.requestId ?? undefined,
    extendedRequestId: undefined,
    cfId: undefined,
    attempts: m.attempts,
    totalRetryDelay: m.totalRetryDelay,
  };
  if (m.clientToken) Object.defineProperty(metadata, 'clientToken', { value: m.clientToken, enumerable: false });
  return metadata;
}

function parseBody(text) {
  if (typeof text !== 'string') return {};
  try {
    const body = JSON.parse(text);
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
  } catch {
    return {};
  }
}

/** Builds the JS error for a failure the native side reports as plain data. */
function fromNative(info) {
  const $metadata = toMetadata(info.metadata);
  if (info.kind === 'validation') return new ValidationError(info.violations);
  if (info.kind === 'service') {
    const body = parseBody(info.body);
    const options = { ...body, message: info.message || undefined, $metadata, $fault: info.fault ?? undefined };
    const cls = serviceClass(info.code);
    if (cls) return new cls(options);
    // A code newer than the model: still a service exception, named by its code, as the JS SDK does.
    return new PartnerCentralSellingServiceException({ message: options.message, $metadata, name: info.code, $fault: options.$fault });
  }
  const cls = KIND_CLASSES[info.kind] ?? InternalError;
  return new cls(info.message, { $metadata });
}

module.exports = {
  PartnerCentralSellingServiceException,
  serviceClass,
  serviceErrorCodes,
  PartnerCentralSellingClientError,
  ValidationError,
  CredentialsProviderError,
  ConnectionError,
  CertificateError,
  TimeoutError,
  ConfigurationError,
  ResponseParseError,
  AbortError,
  InternalError,
  fromNative,
  toMetadata,
};
