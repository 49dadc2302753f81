'use strict';
// The error classes: the service's modelled errors with the AWS SDK for JavaScript v3's shape
// (name, message, $fault, $metadata, modelled members), and the client-side failures, each with its
// own name so `err.name === '...'` and `instanceof` both work.

const SERVICE_ERRORS = Object.freeze({
  AccessDeniedException: { fault: 'client', members: ['Reason'] },
  ConflictException: { fault: 'client', members: [] },
  InternalServerException: { fault: 'server', members: [] },
  ResourceNotFoundException: { fault: 'client', members: [] },
  ServiceQuotaExceededException: { fault: 'client', members: [] },
  ThrottlingException: { fault: 'client', members: [] },
  ValidationException: { fault: 'client', members: ['Reason', 'ErrorList'] },
});

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

const serviceClasses = {};
for (const [name, spec] of Object.entries(SERVICE_ERRORS)) {
  // One named class per modelled error, so stack traces and `instanceof` read naturally.
  const cls = {
    [name]: class extends PartnerCentralSellingServiceException {
      constructor(options) {
        super({ ...options, name, $fault: spec.fault });
        for (const member of spec.members) this[member] = options[member];
      }
    },
  }[name];
  serviceClasses[name] = cls;
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

/** Builds the JS error for a failure the native side reports as plain data. */
function fromNative(info) {
  const $metadata = toMetadata(info.metadata);
  if (info.kind === 'validation') return new ValidationError(info.violations);
  if (info.kind === 'service') {
    const options = { message: info.message ?? undefined, $metadata };
    if (info.reason != null) options.Reason = info.reason;
    if (info.code === 'ValidationException') {
      options.ErrorList = (info.errorList ?? []).map((e) => {
        const item = {};
        if (e.fieldName != null) item.FieldName = e.fieldName;
        item.Message = e.message;
        item.Code = e.code;
        return item;
      });
    }
    const cls = serviceClasses[info.code];
    if (cls) return new cls(options);
    // A code newer than the model: still a service exception, named by its code, as the JS SDK does.
    return new PartnerCentralSellingServiceException({ ...options, name: info.code, $fault: info.fault });
  }
  const cls = KIND_CLASSES[info.kind] ?? InternalError;
  return new cls(info.message, { $metadata });
}

module.exports = {
  PartnerCentralSellingServiceException,
  ...serviceClasses,
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
