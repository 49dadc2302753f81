"""``Client`` and ``AsyncClient``: boto3's constructor keywords and call shapes over the core."""

from __future__ import annotations

from . import _native
from .errors import ClientExceptions, InsecureRequestWarning, OperationNotPageableError, ParamValidationError, _with_botocore

TYPE_CHECKING = False  # typing is not imported at run time: importing this package stays cheap
if TYPE_CHECKING:
    from typing import Any, Dict, Mapping, Optional, Union

OPTION_NAMES = (
    "max_attempts",
    "retry_mode",
    "connect_timeout",
    "read_timeout",
    "verify",
    "parameter_validation",
    "user_agent_extra",
)


class Config:
    """Client settings, like ``botocore.config.Config`` (which is accepted too).

    ``max_attempts`` counts every attempt, the first included (``AWS_MAX_ATTEMPTS``'s
    meaning); ``retry_mode`` is ``"standard"``, ``"legacy"`` or ``"adaptive"``; timeouts
    are seconds (``None`` waits forever); ``verify`` is a bool or a CA bundle path;
    ``parameter_validation=False`` sends values the model does not know yet.
    """

    def __init__(
        self,
        max_attempts: Optional[int] = None,
        retry_mode: Optional[str] = None,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        verify: Union[bool, str, None] = None,
        parameter_validation: Optional[bool] = None,
        user_agent_extra: Optional[str] = None,
    ) -> None:
        self.max_attempts = max_attempts
        self.retry_mode = retry_mode
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.verify = verify
        self.parameter_validation = parameter_validation
        self.user_agent_extra = user_agent_extra

    def __repr__(self) -> str:
        set_ = ", ".join(f"{k}={getattr(self, k)!r}" for k in OPTION_NAMES if getattr(self, k) is not None)
        return f"Config({set_})"


def _config_options(config: Any) -> Dict[str, Any]:
    """Settings from a dict, a ``Config`` or a ``botocore.config.Config`` (duck-typed)."""
    if config is None:
        return {}
    if isinstance(config, dict):
        return dict(config)
    options: Dict[str, Any] = {}
    retries = getattr(config, "retries", None)
    if isinstance(retries, dict):
        # botocore: "max_attempts" counts retries only, "total_max_attempts" every attempt.
        if retries.get("total_max_attempts") is not None:
            options["max_attempts"] = retries["total_max_attempts"]
        elif retries.get("max_attempts") is not None:
            options["max_attempts"] = retries["max_attempts"] + 1
        if retries.get("mode") is not None:
            options["retry_mode"] = retries["mode"]
    for name in OPTION_NAMES:
        value = getattr(config, name, None)
        if value is not None and name not in options:
            options[name] = value
    return options


def _options(config: Any, keywords: Dict[str, Any], who: str) -> Dict[str, Any]:
    unknown = sorted(set(keywords) - set(OPTION_NAMES))
    if unknown:
        raise TypeError(f"{who}() got unexpected keyword argument(s) {', '.join(map(repr, unknown))}; "
                        f"settings are {', '.join(OPTION_NAMES)}")
    options = _config_options(config)
    options.update({k: v for k, v in keywords.items() if v is not None})
    return options


class _Meta:
    """``client.meta``: where the client sends requests (no credentials in here)."""

    def __init__(self, native: Any) -> None:
        self.region_name: str = native.region_name
        self.endpoint_url: str = native.endpoint_url
        self.service_name = "partnercentral-selling"

    def __repr__(self) -> str:
        return f"ClientMeta(region_name={self.region_name!r}, endpoint_url={self.endpoint_url!r})"


def _unverified_host(options: Dict[str, Any], endpoint_url: str) -> Optional[str]:
    """The host to warn about on every call when HTTPS certificates go unchecked."""
    if options.get("verify") is not False or not endpoint_url.startswith("https://"):
        return None
    return endpoint_url[len("https://"):].split("/")[0].rsplit(":", 1)[0]


def _warn_unverified(host: str) -> None:
    # urllib3's words and cadence (every request; Python's filters show it once per call site).
    import warnings

    warnings.warn(
        f"Unverified HTTPS request is being made to host '{host}'. "
        "Adding certificate verification is strongly advised: pass verify='/path/to/ca.pem' "
        "or set AWS_CA_BUNDLE instead of verify=False.",
        InsecureRequestWarning,
        stacklevel=3,
    )


class _BaseClient:
    exceptions = ClientExceptions()

    def __init__(
        self,
        region_name: Optional[str] = None,
        endpoint_url: Optional[str] = None,
        aws_access_key_id: Optional[str] = None,
        aws_secret_access_key: Optional[str] = None,
        aws_session_token: Optional[str] = None,
        profile_name: Optional[str] = None,
        config: Any = None,
        **settings: Any,
    ) -> None:
        if region_name is None and config is not None and not isinstance(config, dict):
            region_name = getattr(config, "region_name", None)  # botocore.config.Config carries one
        options = _options(config, settings, type(self).__name__)
        # What a pickle carries (never a secret: a worker resolves its own credentials).
        self._settings = {"region_name": region_name, "endpoint_url": endpoint_url,
                          "profile_name": profile_name, **options}
        self._explicit_keys = any(v is not None for v in (aws_access_key_id, aws_secret_access_key, aws_session_token))
        self._native = _native.NativeClient(
            region_name,
            endpoint_url,
            aws_access_key_id,
            aws_secret_access_key,
            aws_session_token,
            profile_name,
            options,
        )
        self.meta = _Meta(self._native)
        self._unverified_host = _unverified_host(options, self.meta.endpoint_url)

    @classmethod
    def from_boto3_session(cls, session: Any, **kwargs: Any) -> Any:
        """A client with the region and credentials of a ``boto3.Session`` (duck-typed:
        anything with ``region_name`` and ``get_credentials()``). The credentials are read
        once; keywords override or add settings."""
        kwargs.setdefault("region_name", getattr(session, "region_name", None))
        credentials = session.get_credentials()
        if credentials is not None:
            frozen = credentials.get_frozen_credentials()
            kwargs.setdefault("aws_access_key_id", frozen.access_key)
            kwargs.setdefault("aws_secret_access_key", frozen.secret_key)
            kwargs.setdefault("aws_session_token", frozen.token)
        return cls(**kwargs)

    def __reduce__(self) -> Any:
        """Pickles the client's settings (region, endpoint, profile, retries, timeouts, TLS),
        never its credentials: the unpickled client (a Spark or Ray worker's) resolves its own
        from the environment, its profile or its role."""
        if self._explicit_keys:
            raise TypeError(
                f"cannot pickle a {type(self).__name__} made with explicit access keys "
                "(aws_access_key_id/aws_secret_access_key/aws_session_token, or from_boto3_session): "
                "a pickle never carries credentials. Make the client without them (a profile_name, "
                "the environment, or the worker's role), so each worker resolves its own, or build "
                "the client inside the worker.")
        return (_unpickle, (type(self), self._settings))

    def __copy__(self) -> Any:
        """The same client (it is safe to share); `copy` never rebuilds it as a pickle would."""
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        return twin

    def __deepcopy__(self, memo: Any) -> Any:
        return self.__copy__()

    def can_paginate(self, operation_name: str) -> bool:
        """Whether the operation (its boto3 method name) has a paginator."""
        op = _BY_METHOD.get(operation_name)
        return op is not None and op.paginator is not None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(region_name={self.meta.region_name!r}, endpoint_url={self.meta.endpoint_url!r})"


def _unpickle(cls: Any, settings: Dict[str, Any]) -> Any:
    return cls(**settings)


_BULK_DOC = """Runs `operation` once for every row of `rows`, at the service's pace; returns one
result per row (a list in input order, or a DataFrame with the input's index for a DataFrame).

`operation` is a boto3 method name (``"create_engagement_invitation"``) or an API name.
`rows` is a list or tuple of dicts, any iterable of dicts (spooled once to a temporary
JSONL file next to the journal, then read from it), a pandas DataFrame (read row by row;
column names are member paths with dots, ``Invitation.Payload.OpportunityInvitation.Customer
.CompanyName`` or ``...SenderContacts[0].Email``, or a member name with a dict/list per cell;
NaN/None/NaT cells are absent members), or a ``.jsonl``/``.csv`` path.

Every row is validated before anything is sent: invalid rows raise `BulkInvalidRowsError`
(a `ParamValidationError`) listing each with its number and paths, unless ``send_valid=True``
sends the valid rows and reports the others as failed results. With ``journal="run.db"``,
each row's idempotency token is recorded before it is sent and its outcome after: an
interrupted run (Ctrl-C, a crash) resumes with the same call, nothing sent twice; a journal
of another input raises `JournalMismatchError`, one in use `JournalInUseError`.

``rate`` (requests per second; default the documented quota, 1 write/s) and
``daily_limit`` (rows first sent per rolling day; default 10,000 for writes) are this
process's pacing budget: workers sharing one account's quota each take ``rate=quota /
workers`` (and ``daily_limit=10000 / workers``) with a journal each. ``concurrency`` rows
may be in flight; a throttled row is re-sent up to ``row_attempts`` times.

``progress=None`` shows a tqdm bar when tqdm is installed (the notebook widget in Jupyter),
else INFO lines on the ``partnercentral_selling.bulk`` logger; ``False`` shows nothing; a
callable is called (on the calling thread) with a dict of counts: total, done, failed,
from_journal, in_flight, remaining, rate, throughput, eta_seconds, throttled,
daily_limit_until.

KeyboardInterrupt (or cancelling the task, for `AsyncClient`) stops taking rows, waits for the
rows in flight (at most 30 s), then re-raises; the journal stays consistent.

Each result: ``{"row", "status": "done" | "failed", "output", "error": {"code", "message",
"violations": [{"path", "code", "message"}]}, "client_token", "from_journal"}``; a DataFrame
result has the columns status, the output's members (Id, Arn, ...), error_code,
error_message, violations, client_token, from_journal.
"""


class _Operation:
    """One row of the core's operation table."""

    __slots__ = ("index", "name", "method", "paginator", "documentation", "errors", "members")

    def __init__(self, index: int, row: Any) -> None:
        self.index = index
        self.name, self.method, self.paginator, self.documentation, self.errors, self.members = row


_OPERATIONS = [_Operation(i, row) for i, row in enumerate(_native.operations())]
_BY_METHOD = {op.method: op for op in _OPERATIONS}


def _pageable(operation_name: str) -> _Operation:
    op = _BY_METHOD.get(operation_name)
    if op is None or op.paginator is None:
        pageable = sorted(o.method for o in _OPERATIONS if o.paginator)
        raise _with_botocore(OperationNotPageableError)(operation_name, pageable)  # type: ignore[call-arg]
    return op


def _docstring(op: _Operation, docs: Dict[str, str]) -> str:
    """The model's documentation of the operation and its members, as plain text (generated by
    codegen into `_model.py`; the core's operation text if that file lags the model)."""
    return docs.get(op.method) or op.documentation


def _sync_method(op: _Operation) -> Any:
    index = op.index

    def method(self: Client, **params: Any) -> Dict[str, Any]:
        if self._unverified_host is not None:
            _warn_unverified(self._unverified_host)
        result: Dict[str, Any] = self._native.call(index, params)
        return result

    return method


def _async_method(op: _Operation) -> Any:
    index = op.index

    async def method(self: AsyncClient, **params: Any) -> Dict[str, Any]:
        if self._unverified_host is not None:
            _warn_unverified(self._unverified_host)
        result: Dict[str, Any] = await _finish(self._native.start_call, index, params)
        return result

    return method


def _add_methods(cls: Any, make: Any) -> None:
    """One method per operation of the table, named as boto3 names it (botocore's
    `ClientCreator._create_methods` does the same from the model)."""
    from ._model import DOCS

    for op in _OPERATIONS:
        method = make(op)
        method.__name__ = op.method
        method.__qualname__ = f"{cls.__name__}.{op.method}"
        method.__doc__ = _docstring(op, DOCS)
        setattr(cls, op.method, method)


_PAGINATION_KEYS = ("MaxItems", "PageSize", "StartingToken")


def _pagination_config(params: Dict[str, Any]) -> Dict[str, Any]:
    """botocore's `PaginationConfig` keyword, taken out of the parameters and checked."""
    config = params.pop("PaginationConfig", None) or {}
    problems = []
    if not isinstance(config, dict):
        problems.append({"path": "PaginationConfig", "code": "INVALID_VALUE",
                         "message": f"expected a dict with {', '.join(_PAGINATION_KEYS)}"})
        config = {}
    for key in config:
        if key not in _PAGINATION_KEYS:
            problems.append({"path": f"PaginationConfig.{key}", "code": "INVALID_VALUE",
                             "message": f"unknown key; PaginationConfig takes {', '.join(_PAGINATION_KEYS)}"})
    out: Dict[str, Any] = {}
    for key, name, kind in (("MaxItems", "max_items", int), ("PageSize", "page_size", int),
                            ("StartingToken", "starting_token", str)):
        value = config.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, kind) or (kind is int and value < 1):
            expected = "a positive int" if kind is int else "a str (a NextToken a paginator handed out)"
            problems.append({"path": f"PaginationConfig.{key}", "code": "INVALID_VALUE",
                             "message": f"expected {expected}"})
            continue
        out[name] = value
    if problems:
        raise _with_botocore(ParamValidationError)(problems)  # type: ignore[call-arg]
    return out


class PageIterator:
    """boto3's `PageIterator`: iterating sends one request per page; `build_full_result()`
    merges the pages' items; `resume_token` resumes where `MaxItems` stopped."""

    def __init__(self, client: Client, op: _Operation, params: Dict[str, Any]) -> None:
        self._client = client
        self._op = op
        self._config = _pagination_config(params)
        self._params = params
        self._pages: Any = None

    def _start(self) -> Any:
        if self._client._unverified_host is not None:
            _warn_unverified(self._client._unverified_host)
        self._pages = self._client._native.paginate(self._op.index, self._params, **self._config)
        return self._pages

    def __iter__(self) -> Any:
        pages = self._start()
        while True:
            page = pages.next_page()
            if page is None:
                return
            yield page

    @property
    def resume_token(self) -> Optional[str]:
        """The token to pass as `StartingToken` to go on where `MaxItems` stopped."""
        return None if self._pages is None else self._pages.resume_token

    def build_full_result(self) -> Dict[str, Any]:
        """The result key's items of every page in one list, and `NextToken` when `MaxItems`
        stopped early."""
        result: Dict[str, Any] = self._start().build_full_result()
        return result


class Paginator:
    """boto3's `Paginator` for one operation: `paginate(**params, PaginationConfig={...})`."""

    def __init__(self, client: Client, op: _Operation) -> None:
        self._client = client
        self._op = op

    def paginate(self, **params: Any) -> PageIterator:
        return PageIterator(self._client, self._op, params)


class AsyncPageIterator:
    """The pages as an async iterator (`async for page in ...`), one request per page."""

    def __init__(self, client: AsyncClient, op: _Operation, params: Dict[str, Any]) -> None:
        self._client = client
        self._op = op
        self._config = _pagination_config(params)
        self._params = params
        self._pages: Any = None

    def _start(self) -> Any:
        if self._client._unverified_host is not None:
            _warn_unverified(self._client._unverified_host)
        self._pages = self._client._native.paginate(self._op.index, self._params, **self._config)
        return self._pages

    async def _iterate(self) -> Any:
        pages = self._start()
        while True:
            page = await _finish(pages.start_next_page)
            if page is None:
                return
            yield page

    def __aiter__(self) -> Any:
        return self._iterate()

    @property
    def resume_token(self) -> Optional[str]:
        return None if self._pages is None else self._pages.resume_token

    async def build_full_result(self) -> Dict[str, Any]:
        result: Dict[str, Any] = await _finish(self._start().start_build_full_result)
        return result


class AsyncPaginator:
    def __init__(self, client: AsyncClient, op: _Operation) -> None:
        self._client = client
        self._op = op

    def paginate(self, **params: Any) -> AsyncPageIterator:
        return AsyncPageIterator(self._client, self._op, params)


class Client(_BaseClient):
    """The Partner Central Selling API, synchronous; safe to share between threads.

    Each call releases the GIL while it waits on the network.
    """

    def get_paginator(self, operation_name: str) -> Paginator:
        """boto3's paginator for a paginated operation (its method name): ``paginate(**params)``
        gives its pages; see ``can_paginate``."""
        return Paginator(self, _pageable(operation_name))

    def close(self) -> None:
        """Nothing to release explicitly (connections close with the client); for boto3 parity."""

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


    def bulk(self, operation: str, rows: Any, *, journal: Any = None, rate: Optional[float] = None,
             daily_limit: Optional[int] = None, concurrency: int = 16, send_valid: bool = False,
             row_attempts: int = 10, progress: Any = None) -> Any:
        from . import _bulk

        op = _bulk.operation(operation, _OPERATIONS)
        if self._unverified_host is not None:
            _warn_unverified(self._unverified_host)
        return _bulk.run_sync(self, op, rows, journal, progress,
                              (rate, daily_limit, concurrency, send_valid, row_attempts))

    bulk.__doc__ = _BULK_DOC


class _LoopInbox:
    """One event loop's finished calls: the native side queues them and wakes the loop once per
    batch through a socket the loop watches; the loop's thread then resolves the futures."""

    __slots__ = ("completions", "pending", "ids", "pid", "__weakref__")

    def __init__(self, loop: Any, pid: int) -> None:
        import itertools

        self.completions = _native.Completions()
        self.pending: Dict[int, Any] = {}
        self.ids = itertools.count()
        self.pid = pid
        loop.add_reader(self.completions.fileno(), self._deliver)

    def _deliver(self) -> None:
        pending = self.pending
        for call_id, ok, value in self.completions.drain():
            future = pending.pop(call_id, None)
            if future is None or future.done():  # its task was cancelled meanwhile
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)


_inboxes: Any = None  # WeakKeyDictionary {loop: _LoopInbox}, made on the first async call


def _inbox(loop: Any) -> _LoopInbox:
    global _inboxes
    import os

    pid = os.getpid()
    if _inboxes is None:
        import weakref

        _inboxes = weakref.WeakKeyDictionary()
    inbox: Optional[_LoopInbox] = _inboxes.get(loop)
    if inbox is None or inbox.pid != pid:
        # In a child after fork, the parent's socket and calls are not ours to wait on. Its
        # reader stays registered: the loop's epoll instance is shared with the parent, and
        # unregistering it here would unregister it there too.
        inbox = _inboxes[loop] = _LoopInbox(loop, pid)
    return inbox


async def _finish(start: Any, *args: Any) -> Any:
    """Starts a native call with `start(*args, completions, call_id)` and awaits its end."""
    import asyncio

    loop = asyncio.get_running_loop()
    inbox = _inbox(loop)
    call_id = next(inbox.ids)
    in_flight = start(*args, inbox.completions, call_id)
    future = loop.create_future()
    inbox.pending[call_id] = future
    try:
        return await future
    except BaseException:
        # Cancelled (or interrupted): drop the call and its connection, as the sync client does.
        inbox.pending.pop(call_id, None)
        in_flight.abort()
        raise


class AsyncClient(_BaseClient):
    """The same API as awaitables, for asyncio (Jupyter's running loop included)."""

    def get_paginator(self, operation_name: str) -> AsyncPaginator:
        """The paginator of a paginated operation (its method name): ``paginate(**params)``
        gives an async iterator of pages; see ``can_paginate``."""
        return AsyncPaginator(self, _pageable(operation_name))

    async def bulk(self, operation: str, rows: Any, *, journal: Any = None, rate: Optional[float] = None,
                   daily_limit: Optional[int] = None, concurrency: int = 16, send_valid: bool = False,
                   row_attempts: int = 10, progress: Any = None) -> Any:
        from . import _bulk

        op = _bulk.operation(operation, _OPERATIONS)
        if self._unverified_host is not None:
            _warn_unverified(self._unverified_host)
        return await _bulk.run_async(self, op, rows, journal, progress,
                                     (rate, daily_limit, concurrency, send_valid, row_attempts))

    bulk.__doc__ = _BULK_DOC + "\nAsync: rows may also be an async iterable; the result is awaited.\n"

    async def close(self) -> None:
        """Nothing to release explicitly; for parity with aiobotocore's clients."""

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


_add_methods(Client, _sync_method)
_add_methods(AsyncClient, _async_method)
