"""The exceptions this package raises.

They mirror botocore's: a ``ClientError`` whose ``response`` has the same
``Error`` / ``ResponseMetadata`` keys, one subclass per error the service models
(also reachable as ``client.exceptions.X``), and a ``ParamValidationError`` for
requests that never left the machine. None of them ever carries credentials or
a sensitive request value.
"""

from __future__ import annotations

import builtins
TYPE_CHECKING = False  # typing is not imported at run time: importing this package stays cheap
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

OPERATION_NAME = "CreateEngagementInvitation"


class PartnerCentralError(Exception):
    """Base class of every exception this package raises."""


class ParamValidationError(PartnerCentralError, ValueError):
    """The parameters broke the service model; nothing was sent.

    ``errors`` lists every violation as ``{"path", "code", "message"}``.
    """

    def __init__(self, errors: List[Dict[str, str]]) -> None:
        self.errors = errors
        lines = [f"  {e['path'] or '(parameters)'}: {e['code']}: {e['message']}" for e in errors]
        super().__init__(
            f"Parameter validation failed ({len(errors)} error{'s' if len(errors) != 1 else ''}):\n"
            + "\n".join(lines)
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.errors,))


class ClientError(PartnerCentralError):
    """The service answered with an error (botocore's ``ClientError`` shape).

    ``response["Error"]["Code"]`` and ``["Message"]``, ``response["ResponseMetadata"]``
    and the modelled fields (``Reason``, ``ErrorList``) at the top level, as botocore
    parses them; ``operation_name`` names the call.
    """

    MSG_TEMPLATE = (
        "An error occurred ({error_code}) when calling the {operation_name} "
        "operation{retry_info}: {error_message}"
    )

    def __init__(self, error_response: Mapping[str, Any], operation_name: str) -> None:
        self.response: Dict[str, Any] = dict(error_response)
        self.operation_name = operation_name
        error = self.response.get("Error", {})
        metadata = self.response.get("ResponseMetadata", {})
        retries = metadata.get("RetryAttempts", 0)
        retry_info = f" (reached max retries: {retries})" if retries else ""
        super().__init__(
            self.MSG_TEMPLATE.format(
                error_code=error.get("Code", "Unknown"),
                operation_name=operation_name,
                retry_info=retry_info,
                error_message=error.get("Message", "Unknown"),
            )
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.response, self.operation_name))


class AccessDeniedException(ClientError):
    """The caller may not do this (``response["Reason"]`` may say why)."""


class ConflictException(ClientError):
    """The request conflicts with the resource's current state."""


class InternalServerException(ClientError):
    """The service failed (retried automatically before this is raised)."""


class ResourceNotFoundException(ClientError):
    """The engagement (or another named resource) does not exist in that catalog."""


class ServiceQuotaExceededException(ClientError):
    """A service quota would be exceeded."""


class ThrottlingException(ClientError):
    """Too many requests (retried automatically before this is raised)."""


class ValidationException(ClientError):
    """The service rejected the request (``response["Reason"]``, ``response["ErrorList"]``)."""


SERVICE_ERRORS: Dict[str, Type[ClientError]] = {
    cls.__name__: cls
    for cls in (
        AccessDeniedException,
        ConflictException,
        InternalServerException,
        ResourceNotFoundException,
        ServiceQuotaExceededException,
        ThrottlingException,
        ValidationException,
    )
}


class NoCredentialsError(PartnerCentralError):
    """No credentials could be found or loaded (botocore's name for it)."""


CredentialsError = NoCredentialsError


class EndpointConnectionError(PartnerCentralError, builtins.ConnectionError):
    """The endpoint could not be reached (after retries)."""


class SSLError(EndpointConnectionError):
    """The endpoint's TLS certificate was refused (botocore's name for it). Never retried: the
    message says how to trust a private CA (``verify="/path/ca.pem"`` or ``AWS_CA_BUNDLE``)."""


class InsecureRequestWarning(UserWarning):
    """A call went over HTTPS with certificate verification off (``verify=False``), as urllib3
    warns under boto3. Silence it with ``warnings.simplefilter("ignore", InsecureRequestWarning)``."""


class RequestTimeoutError(PartnerCentralError, builtins.TimeoutError):
    """Connecting or reading took longer than the configured timeout (after retries)."""


class ConfigurationError(PartnerCentralError, ValueError):
    """The client's settings (region, endpoint, profile, timeouts ...) are not usable."""


class ResponseParseError(PartnerCentralError):
    """The service's answer could not be read."""


class InternalError(PartnerCentralError):
    """A bug in this package (a Rust panic, caught): please report it."""


_SIMPLE_KINDS: Dict[str, Type[PartnerCentralError]] = {
    "credentials": NoCredentialsError,
    "connection": EndpointConnectionError,
    "tls": SSLError,
    "timeout": RequestTimeoutError,
    "config": ConfigurationError,
    "decode": ResponseParseError,
    "invalid_input": ParamValidationError,
    "internal": InternalError,
}


class ClientExceptions:
    """``client.exceptions``: every exception class a client's call can raise."""

    ClientError = ClientError
    AccessDeniedException = AccessDeniedException
    ConflictException = ConflictException
    InternalServerException = InternalServerException
    ResourceNotFoundException = ResourceNotFoundException
    ServiceQuotaExceededException = ServiceQuotaExceededException
    ThrottlingException = ThrottlingException
    ValidationException = ValidationException
    ParamValidationError = ParamValidationError
    NoCredentialsError = NoCredentialsError
    EndpointConnectionError = EndpointConnectionError
    SSLError = SSLError
    RequestTimeoutError = RequestTimeoutError

    def from_code(self, error_code: str) -> Type[ClientError]:
        """The class for a service error code (``ClientError`` for an unmodelled one)."""
        return SERVICE_ERRORS.get(error_code, ClientError)


def _from_native(kind: str, message: str, details: Dict[str, Any]) -> PartnerCentralError:
    """Called by the native module to build the exception it raises."""
    if kind == "validation":
        return ParamValidationError(details["errors"])
    if kind == "service":
        response = dict(details["response"])
        code: Optional[str] = response.get("Error", {}).get("Code")
        cls = SERVICE_ERRORS.get(code or "", ClientError)
        return cls(response, OPERATION_NAME)
    if kind == "invalid_input":
        return ParamValidationError([{"path": "", "code": "INVALID_VALUE", "message": message}])
    return _SIMPLE_KINDS.get(kind, PartnerCentralError)(message)
