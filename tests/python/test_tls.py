"""HTTPS against the emulator's generated certificate (issue 8, item 5), for ``Client`` and
``AsyncClient``: refused by default with ``SSLError`` naming the fix, after one connection (a
certificate error is never retried); trusted through ``verify=<path>``, ``AWS_CA_BUNDLE`` or a
profile's ``ca_bundle``; accepted with ``verify=False`` under an ``InsecureRequestWarning``;
plain HTTP only when the endpoint says ``http://``."""

from __future__ import annotations

import asyncio
import time
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import partnercentral_selling as pcs
from conftest import valid_params


@pytest.fixture(scope="module")
def https() -> Iterator[pcs.Emulator]:
    with pcs.Emulator(tls=True) as emu:
        yield emu


@pytest.fixture(autouse=True)
def clean(https: pcs.Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    https.reset()
    for name in ("AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING"):
        monkeypatch.delenv(name, raising=False)
    # No profile of the machine running the tests may add a CA bundle.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


def invite(emu: pcs.Emulator, is_async: bool, **settings: Any) -> Dict[str, Any]:
    """One call through a client built here (not ``emu.client()``, which trusts the CA itself)."""
    options: Dict[str, Any] = {"endpoint_url": emu.url, **emu.credentials, "max_attempts": 3, **settings}
    if is_async:
        async def run() -> Dict[str, Any]:
            async with pcs.AsyncClient(**options) as client:
                return await client.create_engagement_invitation(**valid_params())

        return asyncio.run(run())
    with pcs.Client(**options) as client:
        return client.create_engagement_invitation(**valid_params())


def stored_once(emu: pcs.Emulator, response: Dict[str, Any]) -> None:
    stored = emu.stored_invitations()
    assert [s["id"] for s in stored] == [response["Id"]]


def refused_handshakes(emu: pcs.Emulator) -> int:
    """The server learns of a refusal when the client's alert arrives, just after the client
    gave up: wait for it (bounded)."""
    for _ in range(500):
        if emu.stats()["tls_handshake_failures"] > 0:
            break
        time.sleep(0.01)
    return emu.stats()["tls_handshake_failures"]


MODES = pytest.mark.parametrize("is_async", [False, True], ids=["Client", "AsyncClient"])


def test_the_emulator_serves_https_with_a_ca_bundle_to_trust(https: pcs.Emulator) -> None:
    assert https.url.startswith("https://127.0.0.1:")
    assert https.ca_bundle is not None and https.ca_pem is not None
    assert Path(https.ca_bundle).read_text() == https.ca_pem
    assert https.ca_pem.startswith("-----BEGIN CERTIFICATE-----")
    # emu.client() trusts the emulator's CA by itself.
    response = https.client().create_engagement_invitation(**valid_params())
    stored_once(https, response)


@MODES
def test_default_refuses_the_certificate_once_naming_the_fix(https: pcs.Emulator, is_async: bool) -> None:
    with pytest.raises(pcs.SSLError) as raised:
        invite(https, is_async)
    message = str(raised.value)
    assert https.url in message
    assert "AWS_CA_BUNDLE" in message and "verify=" in message
    # botocore's class name, still an EndpointConnectionError and a ConnectionError.
    assert isinstance(raised.value, pcs.EndpointConnectionError)
    assert isinstance(raised.value, ConnectionError)
    assert refused_handshakes(https) == 1
    stats = https.stats()
    assert stats["connections"] == 1, "a certificate error is never retried"
    assert stats["requests"] == 0
    assert https.stored_invitations() == []


@MODES
def test_verify_path_trusts_the_emulator(https: pcs.Emulator, is_async: bool) -> None:
    assert https.ca_bundle is not None
    stored_once(https, invite(https, is_async, verify=https.ca_bundle))
    assert https.stats()["tls_handshake_failures"] == 0


@MODES
def test_config_verify_path_trusts_the_emulator(https: pcs.Emulator, is_async: bool) -> None:
    stored_once(https, invite(https, is_async, config=pcs.Config(verify=https.ca_bundle)))


@MODES
def test_aws_ca_bundle_trusts_the_emulator(https: pcs.Emulator, is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    assert https.ca_bundle is not None
    monkeypatch.setenv("AWS_CA_BUNDLE", https.ca_bundle)
    stored_once(https, invite(https, is_async))


@MODES
def test_a_profiles_ca_bundle_trusts_the_emulator(
    https: pcs.Emulator, is_async: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text(f"[profile lab]\nregion = us-east-1\nca_bundle = {https.ca_bundle}\n[profile plain]\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    stored_once(https, invite(https, is_async, profile_name="lab"))
    # The profile made the difference: the same call under one without the setting is refused.
    with pytest.raises(pcs.SSLError):
        invite(https, is_async, profile_name="plain")


@MODES
def test_verify_false_is_accepted_with_an_insecure_request_warning(https: pcs.Emulator, is_async: bool) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = invite(https, is_async, verify=False)
    stored_once(https, response)
    insecure = [w for w in caught if issubclass(w.category, pcs.InsecureRequestWarning)]
    assert len(insecure) == 1, [str(w.message) for w in caught]
    assert "Unverified HTTPS request is being made to host '127.0.0.1'" in str(insecure[0].message)
    assert "AWS_CA_BUNDLE" in str(insecure[0].message)
    # Reported at the caller's line, where a filter or a fix belongs.
    assert insecure[0].filename == __file__


def test_the_warning_can_be_silenced_like_urllib3s(https: pcs.Emulator) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", pcs.InsecureRequestWarning)
        invite(https, False, verify=False)
    assert [w for w in caught if issubclass(w.category, pcs.InsecureRequestWarning)] == []


def test_verified_https_and_plain_http_never_warn(https: pcs.Emulator, emulator: pcs.Emulator) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        invite(https, False, verify=https.ca_bundle)
        # verify=False over plain HTTP has nothing to skip.
        invite(emulator, False, verify=False)
    assert [str(w.message) for w in caught] == []


@MODES
def test_plain_http_works_when_the_endpoint_says_so(emulator: pcs.Emulator, is_async: bool) -> None:
    emulator.reset()
    assert emulator.url.startswith("http://")
    stored_once(emulator, invite(emulator, is_async))


def test_plain_http_from_the_environment_is_explicit_too(emulator: pcs.Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    emulator.reset()
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator.url)
    client = pcs.Client(**emulator.credentials)
    assert client.meta.endpoint_url == emulator.url
    stored_once(emulator, client.create_engagement_invitation(**valid_params()))


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_the_default_endpoint_is_https(region: str) -> None:
    client = pcs.Client(region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    assert client.meta.endpoint_url == f"https://partnercentral-selling.{region}.api.aws"


def test_unusable_certificate_files_are_a_configuration_error(https: pcs.Emulator, tmp_path: Path) -> None:
    # An unusable key file is a clear configuration error naming the file.
    bad = tmp_path / "key.pem"
    bad.write_text("not a key")
    assert https.ca_bundle is not None
    with pytest.raises(pcs.ConfigurationError) as raised:
        pcs.Emulator(certfile=https.ca_bundle, keyfile=str(bad))
    assert str(bad) in str(raised.value)


def test_the_ca_bundle_goes_where_asked_and_stays(tmp_path: Path) -> None:
    path = tmp_path / "emulator-ca.pem"
    with pcs.Emulator(tls=True, ca_bundle_file=str(path)) as emu:
        assert emu.ca_bundle == str(path)
        stored_once(emu, emu.client().create_engagement_invitation(**valid_params()))
    assert path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    with pcs.Emulator(tls=True) as emu:
        temporary = emu.ca_bundle
        assert temporary is not None and Path(temporary).exists()
    assert not Path(temporary).exists(), "the temporary CA bundle outlived the emulator"


def test_boto3_trusts_the_emulators_ca_too_and_retries_where_we_do_not(https: pcs.Emulator) -> None:
    """The emulator's HTTPS is plain standard TLS: boto3 (the parity oracle) takes its CA through
    ``verify=`` and refuses it without. botocore retries an SSL error; this package does not."""
    import boto3
    import botocore.exceptions
    from botocore.config import Config as BotoConfig

    trusted = boto3.client("partnercentral-selling", endpoint_url=https.url, verify=https.ca_bundle, **https.credentials)
    stored_once(https, trusted.create_engagement_invitation(**valid_params()))

    https.reset()
    refused = boto3.client(
        "partnercentral-selling",
        endpoint_url=https.url,
        config=BotoConfig(retries={"total_max_attempts": 2, "mode": "standard"}),
        **https.credentials,
    )
    with pytest.raises(botocore.exceptions.SSLError):
        refused.create_engagement_invitation(**valid_params())
    for _ in range(500):
        if https.stats()["tls_handshake_failures"] >= 2:
            break
        time.sleep(0.01)
    assert https.stats()["tls_handshake_failures"] == 2
