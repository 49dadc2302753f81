"""AWS Partner Central Selling API (``CreateEngagementInvitation``), native.

Drop-in for ``boto3.client("partnercentral-selling")``: the same keywords, dicts and
error codes, with every model constraint checked before a request leaves the machine::

    from partnercentral_selling import Client
    client = Client(region_name="us-east-1")
    client.create_engagement_invitation(Catalog="AWS", EngagementIdentifier=..., Invitation=...)

``AsyncClient`` offers the same calls as awaitables, ``validate(params)`` lists every
violation without sending anything, and ``Emulator()`` runs a local endpoint to try it all
offline. Logs go to the standard ``logging`` logger ``partnercentral_selling``.
"""

from ._native import __version__, validate
from ._client import AsyncClient, Client, Config
from ._emulator import Emulator
from .errors import (
    AccessDeniedException,
    ClientError,
    ConfigurationError,
    ConflictException,
    CredentialsError,
    EndpointConnectionError,
    InsecureRequestWarning,
    InternalError,
    InternalServerException,
    NoCredentialsError,
    ParamValidationError,
    PartnerCentralError,
    RequestTimeoutError,
    ResourceNotFoundException,
    ResponseParseError,
    SSLError,
    ServiceQuotaExceededException,
    ThrottlingException,
    ValidationException,
)

__all__ = [
    "AccessDeniedException",
    "AsyncClient",
    "Client",
    "ClientError",
    "Config",
    "ConfigurationError",
    "ConflictException",
    "CredentialsError",
    "Emulator",
    "EndpointConnectionError",
    "InsecureRequestWarning",
    "InternalError",
    "InternalServerException",
    "NoCredentialsError",
    "ParamValidationError",
    "PartnerCentralError",
    "RequestTimeoutError",
    "ResourceNotFoundException",
    "ResponseParseError",
    "SSLError",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
    "__version__",
    "validate",
]
