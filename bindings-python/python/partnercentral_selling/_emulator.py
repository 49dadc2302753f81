"""``Emulator``: the bundled Partner Central Selling endpoint, in this process, on loopback."""

from __future__ import annotations

from . import _native
from ._client import AsyncClient, Client

TYPE_CHECKING = False  # typing is not imported at run time: importing this package stays cheap
if TYPE_CHECKING:
    from typing import Any, Dict, Optional


class Emulator:
    """A local endpoint that verifies SigV4, validates like the service and keeps state.

    Use it as a context manager::

        with Emulator() as emu:
            client = emu.client()          # or Client(endpoint_url=emu.url, **emu.credentials)
            client.create_engagement_invitation(...)

    ``credentials`` holds the documented test pair (``aws_access_key_id``,
    ``aws_secret_access_key``, ``region_name``), ready to pass to ``Client`` or
    ``boto3.client``. ``set_faults`` makes the next requests fail or slow down.
    """

    def __init__(self, *, latency: Optional[float] = None) -> None:
        self._native = _native.NativeEmulator(latency)
        self.url: str = self._native.url
        self.credentials: Dict[str, str] = dict(self._native.credentials)

    def client(self, **kwargs: Any) -> Client:
        """A ``Client`` pointed at this emulator with its credentials."""
        return Client(endpoint_url=self.url, **{**self.credentials, **kwargs})

    def async_client(self, **kwargs: Any) -> AsyncClient:
        """An ``AsyncClient`` pointed at this emulator with its credentials."""
        return AsyncClient(endpoint_url=self.url, **{**self.credentials, **kwargs})

    def set_faults(
        self,
        *,
        fail_next: int = 0,
        error_code: str = "ThrottlingException",
        status: Optional[int] = None,
        latency: Optional[float] = None,
    ) -> None:
        """Fails the next ``fail_next`` requests with ``error_code`` (HTTP ``status``, by default
        the service's for that code) and delays every answer by ``latency`` seconds."""
        self._native.set_faults(fail_next, error_code, status, latency)

    def clear_faults(self) -> None:
        """Back to answering every request promptly and correctly."""
        self._native.set_faults(0, "ThrottlingException", None, None)

    def invitation_count(self) -> int:
        """How many invitations the emulator has created so far."""
        count: int = self._native.invitation_count()
        return count

    def stop(self) -> None:
        """Stops the server (also done on leaving the ``with`` block)."""
        self._native.stop()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Emulator(url={self.url!r})"
