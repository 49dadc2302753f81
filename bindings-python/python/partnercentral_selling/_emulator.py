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
        **faults: Any,
    ) -> None:
        self._native = _native.NativeEmulator(faults or None, tls, certfile, keyfile, ca_bundle_file)
        self.url: str = self._native.url
        self.credentials: Dict[str, str] = dict(self._native.credentials)
        self.ca_bundle: Optional[str] = self._native.ca_bundle
        self.ca_pem: Optional[str] = self._native.ca_pem

    def _client_options(self, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        trust = {"verify": self.ca_bundle} if self.ca_bundle is not None else {}
        return {"endpoint_url": self.url, **self.credentials, **trust, **kwargs}

    def client(self, **kwargs: Any) -> Client:
        """A ``Client`` pointed at this emulator with its credentials (and its CA, with TLS)."""
        return Client(**self._client_options(kwargs))

    def async_client(self, **kwargs: Any) -> AsyncClient:
        """An ``AsyncClient`` pointed at this emulator with its credentials (and its CA, with TLS)."""
        return AsyncClient(**self._client_options(kwargs))

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
