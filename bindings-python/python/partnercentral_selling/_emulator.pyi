"""Types of `_emulator.py` (hand-written beside it: the emulator's API is not generated)."""

from types import TracebackType
from typing import Any, Dict, List, Optional, Type, Union

from typing_extensions import Literal, TypedDict, Unpack

from . import AsyncClient, Client

FaultKindType = Literal["none", "throttle", "error", "drop", "store_then_fail"]


class EmulatorCredentials(TypedDict):
    aws_access_key_id: str
    aws_secret_access_key: str
    region_name: str


class Emulator:
    url: str
    accounts: List[Dict[str, str]]
    credentials: EmulatorCredentials
    ca_bundle: Optional[str]
    ca_pem: Optional[str]
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
        **faults: Unpack[FaultsTypeDef],
    ) -> None: ...
    def credentials_of(self, account: Union[int, str]) -> Dict[str, str]: ...
    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> str: ...
    def now(self) -> str: ...
    def events(self, *, after: int = 0, account: Optional[str] = None) -> List[Dict[str, Any]]: ...
    def client(self, **kwargs: Any) -> Client: ...
    def async_client(self, **kwargs: Any) -> AsyncClient: ...
    def set_faults(self, **faults: Unpack[FaultsTypeDef]) -> None: ...
    def clear_faults(self) -> None: ...
    def faults(self) -> Dict[str, Any]: ...
    def stored_invitations(self) -> List[Dict[str, str]]: ...
    def stats(self) -> Dict[str, int]: ...
    def reset(self) -> None: ...
    def stop(self) -> None: ...
    def __enter__(self) -> Emulator: ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...


class FaultsTypeDef(TypedDict, total=False):
    throttle_rps: Optional[float]
    throttle_burst: Optional[int]
    error_rate: float
    drop_rate: float
    store_then_fail_rate: float
    latency_ms: int
    next: List[FaultKindType]
