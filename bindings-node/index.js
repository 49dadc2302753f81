'use strict';
// partnercentral-selling: the AWS Partner Central Selling API with the AWS SDK for JavaScript
// v3's shapes, backed by a native Rust core. The Command classes, paginators and modelled error
// classes are made from the core's operation table, each on first access.
const client = require('./lib/client');
const errors = require('./lib/errors');
const table = require('./lib/table');
const { paginatorFor } = require('./lib/paginate');
const { startEmulator } = require('./lib/emulator');

// validate(input) checks this operation's input when no operation is named (as before every
// operation was here).
const DEFAULT_VALIDATE_OPERATION = 'CreateEngagementInvitation';

/** Every constraint `input` breaks as `operation`'s input (a name, method name or Command class). */
function validate(input, operation = DEFAULT_VALIDATE_OPERATION) {
  return client.validate(input, operation);
}

const pkg = {
  PartnerCentralSellingClient: client.PartnerCentralSellingClient,
  PartnerCentralSelling: client.PartnerCentralSelling,
  validate,
  startEmulator,
  PartnerCentralSellingServiceException: errors.PartnerCentralSellingServiceException,
  PartnerCentralSellingClientError: errors.PartnerCentralSellingClientError,
  ValidationError: errors.ValidationError,
  CredentialsProviderError: errors.CredentialsProviderError,
  ConnectionError: errors.ConnectionError,
  CertificateError: errors.CertificateError,
  TimeoutError: errors.TimeoutError,
  ConfigurationError: errors.ConfigurationError,
  ResponseParseError: errors.ResponseParseError,
  AbortError: errors.AbortError,
  InternalError: errors.InternalError,
};

function lazy(name, make) {
  Object.defineProperty(pkg, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(pkg, name, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

// The bulk error classes come with lib/bulk.js, loaded on first use (not at require).
lazy('BulkInvalidRowsError', () => require('./lib/bulk').BulkInvalidRowsError);
lazy('BulkError', () => require('./lib/bulk').BulkError);

// The Command classes, paginators and modelled error classes are named by the core's table, which
// is read on the first access to a name the package does not already hold (or on a listing of its
// names), not at require; each class is then made on its own first access.
let named = false;
function nameAll() {
  named = true;
  for (const op of table.load().operations) {
    lazy(op.commandName, () => client.commandClass(op));
    if (op.paginatorName) lazy(op.paginatorName, () => paginatorFor(op, client.PartnerCentralSellingClient));
  }
  for (const code of errors.serviceErrorCodes()) lazy(code, () => errors.serviceClass(code));
}

module.exports = new Proxy(pkg, {
  get(target, name, receiver) {
    if (!named && typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) nameAll();
    return Reflect.get(target, name, receiver);
  },
  has(target, name) {
    if (!named && typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) nameAll();
    return Reflect.has(target, name);
  },
  getOwnPropertyDescriptor(target, name) {
    if (!named && typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) nameAll();
    return Reflect.getOwnPropertyDescriptor(target, name);
  },
  ownKeys(target) {
    if (!named) nameAll();
    return Reflect.ownKeys(target);
  },
});
