"""AWS Partner Central Selling API, native: every operation of the vendored model.

Drop-in for ``boto3.client("partnercentral-selling")``: the same method names, keywords,
dicts, paginators and error codes, with every model constraint checked before a request
leaves the machine::

    from partnercentral_selling import Client
    client = Client(region_name="us-east-1")
    page = client.list_engagement_invitations(Catalog="AWS", ParticipantType="RECEIVER")
    for page in client.get_paginator("list_engagement_invitations").paginate(...): ...

``client.bulk(operation, rows, journal="run.db")`` runs one operation for many rows (a list,
an iterable, a pandas DataFrame, a .jsonl/.csv file) at the service's pace, resumably.
``AsyncClient`` offers the same calls as awaitables, ``validate(params, operation)`` lists
every violation without sending anything, and ``Emulator()`` runs a local endpoint to try it
all offline. Logs go to the standard ``logging`` logger ``partnercentral_selling``.
"""

from . import _native
from ._native import __version__
from ._model import FLAGSHIP as _FLAGSHIP
from ._client import AsyncClient, Client, Config
from ._emulator import Emulator
from .errors import (
    AccessDeniedException,
    BulkError,
    BulkInvalidRowsError,
    ClientError,
    ConfigurationError,
    ConflictException,
    CredentialsError,
    EndpointConnectionError,
    InsecureRequestWarning,
    InternalError,
    InternalServerException,
    JournalInUseError,
    JournalMismatchError,
    NoCredentialsError,
    OperationNotPageableError,
    PaginationError,
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

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping


def validate(params: "Mapping[str, Any]", operation: str = _FLAGSHIP) -> "List[Dict[str, str]]":
    """Every violation of the model's constraints in ``params`` as the input of ``operation``
    (an operation name such as ``ListEngagementInvitations`` or a boto3 method name such as
    ``list_engagement_invitations``), as ``{"path", "code", "message"}`` dicts; nothing is sent.
    The default operation is the package's flagship, ``partnercentral_selling._model.FLAGSHIP``."""
    result: "List[Dict[str, str]]" = _native.validate(params, operation)
    return result


__all__ = [
    "AccessDeniedException",
    "AsyncClient",
    "BulkError",
    "BulkInvalidRowsError",
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
    "JournalInUseError",
    "JournalMismatchError",
    "NoCredentialsError",
    "OperationNotPageableError",
    "PaginationError",
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
