"""``Emulator``: the bundled Partner Central Selling endpoint, in this process, on loopback."""

from __future__ import annotations

from . import _native
from ._client import AsyncClient, Client

TYPE_CHECKING = False  # typing is not imported at run time: importing this package stays cheap
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional


class Emulator:
    """A local endpoint that verifies SigV4, validates like the service and keeps state.

    Use it as a context manager::

        with Emulator() as emu:
            client = emu.client()          # or Client(endpoint_url=emu.url, **emu.credentials)
            client.create_engagement_invitation(...)

    ``credentials`` holds the documented test pair (``aws_access_key_id``,
    ``aws_secret_access_key``, ``region_name``), ready for ``Client`` or ``boto3.client``.
    Faults (keywords here or in ``set_faults``): ``throttle_rps``, ``throttle_burst``,
    ``error_rate``, ``drop_rate``, ``store_then_fail_rate`` (fractions 0..1), ``latency_ms``,
    and ``next``, a list of what happens to the next requests, in order: ``"none"``,
    ``"throttle"``, ``"error"``, ``"drop"``, ``"store_then_fail"``.

    Partner accounts: by default a sender and three receivers (the emulator's README lists their
    keys); ``accounts=[{"AccountId", "AccessKeyId", "SecretAccessKey", "Name"}, ...]`` replaces
    them (the same list ``pcs emulator --accounts FILE`` reads). ``emu.accounts`` lists them;
    ``emu.client(account=1)`` (an index or an account id) is a client acting as that account.

    Time: ``emu.advance(days=15)`` moves the emulator's clock (invitations expire, tasks finish);
    ``emu.now()`` reads it. Events: ``emu.events()`` is every EventBridge event emitted so far,
    oldest first (``after=`` a ``seq`` already read, ``account=`` one account's bus); each entry is
    ``{"seq": n, "event": {...}}``. ``event_url=`` POSTs them to a URL as well.

    ``state="emulator.sqlite"`` keeps everything in that file and starts from it; ``quotas="aws"``
    enforces the documented quotas (``quota_scale=``, ``quota={"CreateOpportunity": "5/20000"}``);
    ``task_seconds=`` is how long a task reads ``IN_PROGRESS``.

    ``tls=True`` serves HTTPS with a certificate for 127.0.0.1 and localhost made at start by a
    throw-away CA; ``ca_bundle`` is that CA's PEM file (``verify=emu.ca_bundle`` or
    ``AWS_CA_BUNDLE``), written to ``ca_bundle_file`` if given, else to a temporary file removed
    on ``stop``; ``ca_pem`` is its text. ``certfile`` and ``keyfile`` (PEM) serve your own
    certificate instead.
    """

    def __init__(
        self,
        *,
        tls: bool = False,
        certfile: Optional[str] = None,
        keyfile: Optional[str] = None,
        ca_bundle_file: Optional[str] = None,
        accounts: Optional[List[Dict[str, str]]] = None,
        state: Optional[str] = None,
        quotas: Optional[str] = None,
        quota_scale: Optional[float] = None,
        quota: Optional[Dict[str, str]] = None,
        event_url: Optional[str] = None,
        task_seconds: float = 1.0,
        **faults: Any,
    ) -> None:
        self._native = _native.NativeEmulator(
            faults or None,
            tls,
            certfile,
            keyfile,
            ca_bundle_file,
            accounts,
            state,
            quotas,
            quota_scale,
            quota,
            event_url,
            task_seconds,
        )
        self.accounts: List[Dict[str, str]] = self._native.accounts()
        self.url: str = self._native.url
        self.credentials: Dict[str, str] = dict(self._native.credentials)
        self.ca_bundle: Optional[str] = self._native.ca_bundle
        self.ca_pem: Optional[str] = self._native.ca_pem

    def credentials_of(self, account: Any) -> Dict[str, str]:
        """``Client``/``boto3.client`` keywords of one account: an index into ``accounts`` or an
        account id."""
        if isinstance(account, int):
            if not 0 <= account < len(self.accounts):
                raise IndexError(f"account index {account}: the emulator has {len(self.accounts)} accounts")
            found = self.accounts[account]
        else:
            matches = [a for a in self.accounts if a["AccountId"] == account]
            if not matches:
                ids = ", ".join(a["AccountId"] for a in self.accounts)
                raise KeyError(f"account {account!r} is not one of the emulator's ({ids})")
            found = matches[0]
        return {
            "aws_access_key_id": found["AccessKeyId"],
            "aws_secret_access_key": found["SecretAccessKey"],
            "region_name": self.credentials["region_name"],
        }

    def _client_options(self, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        trust = {"verify": self.ca_bundle} if self.ca_bundle is not None else {}
        account = kwargs.pop("account", None)
        keys = self.credentials if account is None else self.credentials_of(account)
        return {"endpoint_url": self.url, **keys, **trust, **kwargs}

    def client(self, **kwargs: Any) -> Client:
        """A ``Client`` pointed at this emulator (and its CA, with TLS), acting as the sender, or as
        ``account=`` (an index into ``accounts`` or an account id)."""
        return Client(**self._client_options(kwargs))

    def async_client(self, **kwargs: Any) -> AsyncClient:
        """An ``AsyncClient`` pointed at this emulator, as ``client`` describes."""
        return AsyncClient(**self._client_options(kwargs))

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> str:
        """Moves the emulator's clock forward; answers the new time (RFC 3339). Invitations past
        their expiration date expire, tasks past their end complete."""
        total = days * 86400 + hours * 3600 + minutes * 60 + seconds
        now: str = self._native.advance(float(total))
        return now

    def now(self) -> str:
        """The emulator's time (RFC 3339, UTC)."""
        now: str = self._native.now()
        return now

    def events(self, *, after: int = 0, account: Optional[str] = None) -> List[Dict[str, Any]]:
        """The EventBridge events emitted so far, oldest first: ``{"seq": n, "event": {...}}``."""
        events: List[Dict[str, Any]] = self._native.events(after, account)
        return events

    def set_faults(self, **faults: Any) -> None:
        """Replaces the faults in force (the names are listed in the class's docstring)."""
        self._native.set_faults(faults)

    def clear_faults(self) -> None:
        """Back to answering every request promptly and correctly."""
        self._native.set_faults(None)

    def faults(self) -> Dict[str, Any]:
        """The faults in force; ``next`` holds what is left of the schedule."""
        faults: Dict[str, Any] = self._native.faults()
        return faults

    def stored_invitations(self) -> List[Dict[str, str]]:
        """The invitations created so far (ids, accounts, token; never the sensitive payload)."""
        stored: List[Dict[str, str]] = self._native.stored_invitations()
        return stored

    def stats(self) -> Dict[str, int]:
        """Counters: requests, invitations created, idempotent replays, conflicts ..."""
        stats: Dict[str, int] = self._native.stats()
        return stats

    def reset(self) -> None:
        """Back to the seed data with zeroed counters; faults stay."""
        self._native.reset()

    def stop(self) -> None:
        """Stops the server (also done on leaving the ``with`` block)."""
        self._native.stop()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Emulator(url={self.url!r})"
