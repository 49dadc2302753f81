// ESM entry: the same objects as the CommonJS entry, so `instanceof` holds across both.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('./index.js');

export const {
  PartnerCentralSellingClient,
  PartnerCentralSelling,
  CreateEngagementInvitationCommand,
  validate,
  startEmulator,
  PartnerCentralSellingServiceException,
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
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
} = pkg;
export default pkg;
