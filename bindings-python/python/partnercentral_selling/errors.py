"""The exceptions this package raises.

They mirror botocore's: a ``ClientError`` whose ``response`` has the same
``Error`` / ``ResponseMetadata`` keys, one subclass per error the service models
(also reachable as ``client.exceptions.X``), and a ``ParamValidationError`` for
requests that never left the machine. None of them ever carries credentials or
a sensitive request value.
"""

from __future__ import annotations

import builtins
import sys

TYPE_CHECKING = False  # typing is not imported at run time: importing this package stays cheap
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

class PartnerCentralError(Exception):
    """Base class of every exception this package raises."""

    def __init__(self, *args: Any) -> None:
        # Exception's own __init__: in a subclass that also derives from a botocore class,
        # super() would reach botocore's keyword-only __init__.
        Exception.__init__(self, *args)


class ParamValidationError(PartnerCentralError, ValueError):
    """The parameters broke the service model; nothing was sent.

    ``errors`` lists every violation as ``{"path", "code", "message"}``.
    """

    def __init__(self, errors: List[Dict[str, str]]) -> None:
        self.errors = errors
        lines = [f"  {e['path'] or '(parameters)'}: {e['code']}: {e['message']}" for e in errors]
        report = (
            f"Parameter validation failed ({len(errors)} error{'s' if len(errors) != 1 else ''}):\n"
            + "\n".join(lines)
        )
        # botocore's ParamValidationError keeps its text in `kwargs["report"]`.
        self.kwargs = {"report": report}
        Exception.__init__(self, report)

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
        # Exception's own __init__, not super(): in the subclass that also derives from
        # botocore's ClientError, super() would be botocore's __init__.
        Exception.__init__(
            self,
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


def _model_errors() -> None:
    """A class for every error code of the model this module has none for yet (a newer model
    brings new ones before anyone documents them here)."""
    from ._native import error_codes

    for code in error_codes():
        if code not in SERVICE_ERRORS:
            cls = type(code, (ClientError,), {"__doc__": f"The service's {code} error.", "__module__": __name__})
            SERVICE_ERRORS[code] = cls
            globals()[code] = cls


_model_errors()


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


class PaginationError(PartnerCentralError):
    """A paginator cannot go on (the service repeated a token, or it is already in use)."""


class OperationNotPageableError(PartnerCentralError):
    """`get_paginator` was given an operation that does not paginate (botocore's name)."""

    def __init__(self, operation_name: str, pageable: List[str]) -> None:
        self.operation_name = operation_name
        self.kwargs = {"operation_name": operation_name}
        Exception.__init__(
            self,
            f"Operation cannot be paginated: {operation_name}; the paginated operations are "
            + ", ".join(pageable),
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.operation_name, []))


class BulkError(PartnerCentralError):
    """A bulk run (``client.bulk``) could not start or go on; the message says what to do."""


class JournalMismatchError(BulkError):
    """The journal belongs to another operation or another input: use a new journal path for
    this input, or give the input the journal was made for."""


class JournalInUseError(BulkError):
    """Another bulk run (this process or another) holds the journal; wait for it to end."""


class BulkInvalidRowsError(ParamValidationError, BulkError):
    """Some rows of a bulk run are invalid and ``send_valid`` is off: nothing was sent.

    ``rows`` lists them in input order as ``{"row", "code", "message", "violations"}`` with
    ``row`` counted from 0 (the message counts from 1) and every violation's ``path``,
    ``code`` and ``message``; ``total`` is the number of rows. ``errors`` (as for any
    ``ParamValidationError``) has every violation with its path prefixed by the row,
    ``[2].Invitation.Receiver``.
    """

    def __init__(self, rows: List[Dict[str, Any]], total: int) -> None:
        self.rows = rows
        self.total = total
        self.errors = [
            {"path": f"[{r['row']}]" + (f".{v['path']}" if v["path"] else ""), "code": v["code"], "message": v["message"]}
            for r in rows
            for v in (r["violations"] or [{"path": "", "code": r["code"], "message": r["message"]}])
        ]
        lines = [
            f"{len(rows)} of {total} rows are invalid; nothing was sent. Fix them, or pass "
            f"send_valid=True to send the {total - len(rows)} valid rows anyway (the invalid ones "
            "become failed results)."
        ]
        for r in rows:
            lines.append(f"row {r['row'] + 1}: {r['code']}: {r['message']}")
            for v in r["violations"]:
                lines.append(f"  - {v['path'] or '(row)'}: {v['code']}: {v['message']}")
        report = "\n".join(lines)
        self.kwargs = {"report": report}
        Exception.__init__(self, report)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.rows, self.total))


_SIMPLE_KINDS: Dict[str, Type[PartnerCentralError]] = {
    "credentials": NoCredentialsError,
    "connection": EndpointConnectionError,
    "tls": SSLError,
    "timeout": RequestTimeoutError,
    "config": ConfigurationError,
    "decode": ResponseParseError,
    "invalid_input": ParamValidationError,
    "internal": InternalError,
    "pagination": PaginationError,
    "bulk": BulkError,
    "journal_mismatch": JournalMismatchError,
    "journal_in_use": JournalInUseError,
}


class ClientExceptions:
    """``client.exceptions``: every exception class a client's call can raise, one per error
    code of the model among them."""

    ClientError = ClientError
    ParamValidationError = ParamValidationError
    NoCredentialsError = NoCredentialsError
    EndpointConnectionError = EndpointConnectionError
    SSLError = SSLError
    RequestTimeoutError = RequestTimeoutError
    PaginationError = PaginationError

    def from_code(self, error_code: str) -> Type[ClientError]:
        """The class for a service error code (``ClientError`` for an unmodelled one)."""
        return SERVICE_ERRORS.get(error_code, ClientError)


for _code, _cls in SERVICE_ERRORS.items():
    setattr(ClientExceptions, _code, _cls)


# Our class -> the botocore class whose `except` clauses must catch it too.
_BOTOCORE_PEERS: Dict[Type[PartnerCentralError], str] = {
    ClientError: "ClientError",
    ParamValidationError: "ParamValidationError",
    NoCredentialsError: "NoCredentialsError",
    EndpointConnectionError: "EndpointConnectionError",
    SSLError: "SSLError",
    RequestTimeoutError: "ReadTimeoutError",
    PaginationError: "PaginationError",
    OperationNotPageableError: "OperationNotPageableError",
}
_dual_classes: Dict[Type[BaseException], Type[BaseException]] = {}


def _with_botocore(cls: Type[PartnerCentralError]) -> Type[BaseException]:
    """``cls``, or, when the program has imported botocore, a subclass of ``cls`` and of the
    botocore class code written for boto3 catches (botocore is never imported from here: its
    import costs about 60 ms, and a program that has not imported it has no clause naming it)."""
    exceptions = sys.modules.get("botocore.exceptions")
    if exceptions is None:
        return cls
    made = _dual_classes.get(cls)
    if made is not None:
        return made
    peer_name = next((name for ours, name in _BOTOCORE_PEERS.items() if issubclass(cls, ours)), None)
    peer = getattr(exceptions, peer_name, None) if peer_name else None
    if not isinstance(peer, type) or not issubclass(peer, BaseException):
        return cls
    try:
        made = type(cls.__name__, (cls, peer), {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
            # Pickles as our own class, which unpickles without botocore.
            "__reduce__": lambda self: (cls, *cls.__reduce__(self)[1:]),
            "__str__": lambda self: Exception.__str__(self),
        })
    except TypeError:  # a layout Python cannot combine: ours alone
        made = cls
    _dual_classes[cls] = made
    return made


def _from_native(kind: str, message: str, details: Dict[str, Any]) -> PartnerCentralError:
    """Called by the native module to build the exception it raises."""
    if kind == "validation":
        return _with_botocore(ParamValidationError)(details["errors"])  # type: ignore[call-arg,no-any-return]
    if kind == "service":
        response = dict(details["response"])
        code: Optional[str] = response.get("Error", {}).get("Code")
        cls = SERVICE_ERRORS.get(code or "", ClientError)
        return _with_botocore(cls)(response, details.get("operation") or "")  # type: ignore[call-arg,no-any-return]
    if kind == "bulk_invalid_rows":
        rows = [{"row": r["row"], **r["error"]} for r in details["rows"]]
        return _with_botocore(BulkInvalidRowsError)(rows, details["total"])  # type: ignore[call-arg,no-any-return]
    if kind == "invalid_input":
        return _with_botocore(ParamValidationError)(  # type: ignore[call-arg,no-any-return]
            [{"path": "", "code": "INVALID_VALUE", "message": message}])
    simple = _SIMPLE_KINDS.get(kind, PartnerCentralError)
    error = _with_botocore(simple)(message)
    if isinstance(error, RequestTimeoutError) or isinstance(error, EndpointConnectionError):
        # botocore's fields, read by code that logs them.
        error.kwargs = {"endpoint_url": "", "error": message}  # type: ignore[attr-defined]
    if details.get("client_token") is not None:
        error.client_token = details["client_token"]  # type: ignore[attr-defined]
    return error  # type: ignore[return-value]
