'use strict';
// partnercentral-selling: the AWS Partner Central Selling API (CreateEngagementInvitation) with the
// AWS SDK for JavaScript v3's shapes, backed by a native Rust core.
const client = require('./lib/client');
const errors = require('./lib/errors');
const { startEmulator } = require('./lib/emulator');

module.exports = {
  PartnerCentralSellingClient: client.PartnerCentralSellingClient,
  PartnerCentralSelling: client.PartnerCentralSelling,
  CreateEngagementInvitationCommand: client.CreateEngagementInvitationCommand,
  validate: client.validate,
  startEmulator,
  PartnerCentralSellingServiceException: errors.PartnerCentralSellingServiceException,
  AccessDeniedException: errors.AccessDeniedException,
  ConflictException: errors.ConflictException,
  InternalServerException: errors.InternalServerException,
  ResourceNotFoundException: errors.ResourceNotFoundException,
  ServiceQuotaExceededException: errors.ServiceQuotaExceededException,
  ThrottlingException: errors.ThrottlingException,
  ValidationException: errors.ValidationException,
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
