"""RTC_PORT_RANGE and RTC_PUBLIC_ADDRESS: the settings refuse what cannot work with a message
that says why, and interview/live/ice_ports.py makes aioice gather host candidates inside the
range at the public address (a real aioice gathering in this process, no app), or leaves it
as shipped. The app end to end: tests/integration/test_rtc_ports.py."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import aioice
import aioice.ice
import pytest
from pydantic import ValidationError

from interview.live import ice_ports
from interview.live.ice_ports import AioiceUnsupported, IceSettings, RtcPortsExhausted
from pipelines.settings import Settings
from tests.conftest import free_udp_range

SHIPPED = aioice.ice.Connection.get_component_candidates


@pytest.fixture(autouse=True)
def _restore_aioice() -> Iterator[None]:
    yield
    ice_ports.configure(IceSettings())
    assert aioice.ice.asyncio is asyncio and aioice.ice.Connection.get_component_candidates is SHIPPED


def _hosts(ice: IceSettings | None = None) -> list[tuple[str, int]]:
    """(address, port) of each host candidate of a fresh aioice gathering, after ``configure(ice)``."""
    if ice is not None:
        ice_ports.configure(ice)

    async def gather() -> list[tuple[str, int]]:
        connection = aioice.Connection(ice_controlling=True)
        try:
            await connection.gather_candidates()
            return [(c.host, c.port) for c in connection.local_candidates if c.type == "host"]
        finally:
            await connection.close()

    return asyncio.run(gather())


@pytest.mark.parametrize(("value", "expected"), [
    ("50000-50050", (50000, 50050)), (" 40000 - 40000 ", (40000, 40000)), ("1024-65535", (1024, 65535)), ("", None),
])
def test_port_range_setting_reads_low_high(value: str, expected: tuple[int, int] | None) -> None:
    assert Settings(rtc_port_range=value).rtc_port_bounds == expected


@pytest.mark.parametrize(("value", "message"), [
    ("50000", "RTC_PORT_RANGE must be LOW-HIGH, e.g. 50000-50050 (got '50000')"),
    ("50000:50050", "RTC_PORT_RANGE must be LOW-HIGH"),
    ("a-b", "RTC_PORT_RANGE must be LOW-HIGH"),
    ("50050-50000", "RTC_PORT_RANGE is reversed: write the low port first, 50000-50050 (got '50050-50000')"),
    ("80-90", "RTC_PORT_RANGE ports must be within 1024-65535 (got '80-90')"),
    ("60000-70000", "RTC_PORT_RANGE ports must be within 1024-65535"),
])
def test_port_range_setting_explains_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match="rtc_port_range") as err:
        Settings(rtc_port_range=value)
    assert message in str(err.value)


def test_public_address_setting_takes_an_ip_address_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(rtc_public_address=" 203.0.113.10 ").rtc_public_address == "203.0.113.10"
    assert Settings(rtc_public_address="2001:DB8::0:7").rtc_public_address == "2001:db8::7"
    monkeypatch.setenv("RTC_PUBLIC_ADDRESS", "198.51.100.4")
    assert Settings().rtc_public_address == "198.51.100.4"
    for value, message in (
        ("interview.example.com", "RTC_PUBLIC_ADDRESS must be an IP address such as 203.0.113.10, not a host name"),
        ("203.0.113.300", "RTC_PUBLIC_ADDRESS must be an IP address"),
        ("0.0.0.0", "RTC_PUBLIC_ADDRESS must be an address clients can reach, not 0.0.0.0"),
        ("::", "RTC_PUBLIC_ADDRESS must be an address clients can reach"),
        ("239.1.2.3", "RTC_PUBLIC_ADDRESS must be an address clients can reach"),
    ):
        with pytest.raises(ValidationError, match="rtc_public_address") as err:
            Settings(rtc_public_address=value)
        assert message in str(err.value), value


def test_empty_settings_leave_aioice_as_shipped() -> None:
    ice_ports.configure_from_settings(Settings())
    assert aioice.ice.asyncio is asyncio and aioice.ice.Connection.get_component_candidates is SHIPPED


def test_host_candidates_bind_inside_the_range_at_the_public_address() -> None:
    low, high = free_udp_range(10)
    settings = Settings(rtc_port_range=f"{low}-{high}", rtc_public_address="203.0.113.10")
    ice_ports.configure_from_settings(settings)
    hosts = _hosts()
    assert hosts and all(host == "203.0.113.10" and low <= port <= high for host, port in hosts), hosts
    assert len(hosts) == 1  # one wildcard socket per component, whatever the interfaces
    ipv6 = _hosts(IceSettings(public_address="2001:db8::7"))  # the address alone: any port
    assert [h for h, _ in ipv6] in ([], ["2001:db8::7"]), ipv6  # [] on a host without IPv6


def test_a_range_alone_keeps_the_local_addresses() -> None:
    low, high = free_udp_range(10)
    hosts = _hosts(IceSettings(ports=(low, high)))
    assert hosts and all(low <= port <= high for _, port in hosts), hosts
    assert {h for h, _ in hosts} == set(aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=True))


def test_a_range_in_use_fails_the_gathering_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    low, high = free_udp_range(2)
    taken = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
    try:
        for sock, port in zip(taken, (low, high), strict=True):
            sock.bind(("0.0.0.0", port))
        with pytest.raises(RtcPortsExhausted, match=f"RTC_PORT_RANGE {low}-{high}"):
            _hosts(IceSettings(ports=(low, high), public_address="203.0.113.10"))
    finally:
        for sock in taken:
            sock.close()
    assert f"every UDP port of RTC_PORT_RANGE {low}-{high} is in use on 0.0.0.0" in caplog.text
    assert [port for _, port in _hosts(IceSettings(ports=(low, high), public_address="203.0.113.10"))]  # freed


def test_an_unknown_aioice_is_refused_before_anything_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice, "__version__", "0.14.0")
    with pytest.raises(AioiceUnsupported, match="written for aioice 0.13.x, not 0.14.0"):
        ice_ports.configure(IceSettings(ports=(50000, 50050)))
    assert aioice.ice.asyncio is asyncio and aioice.ice.Connection.get_component_candidates is SHIPPED
    monkeypatch.undo()
    monkeypatch.setattr(ice_ports, "_SHAPE", (*ice_ports._SHAPE, "local_addr=(address, port_range)"))
    with pytest.raises(AioiceUnsupported, match="no longer binds its host candidates as expected"):
        ice_ports.configure(IceSettings(public_address="203.0.113.10"))
    assert aioice.ice.Connection.get_component_candidates is SHIPPED
