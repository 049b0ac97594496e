"""WebRTC from a container: the UDP ports the live stream binds (``RTC_PORT_RANGE``) and the
address it offers browsers (``RTC_PUBLIC_ADDRESS``).

aiortc gathers its ICE candidates with aioice, which has neither option (aiortc/aioice#47):
``Connection.get_component_candidates`` binds one UDP socket per local address with
``asyncio.get_running_loop().create_datagram_endpoint(..., local_addr=(address, 0))`` (port 0:
the kernel picks any free port) and offers each socket at its own address, which inside a
container is an address no browser can reach. ``configure`` changes two things in aioice,
process-wide (the REST stream and the Gradio pages share it), and only while a setting is set:

* With ``RTC_PORT_RANGE``, ``aioice.ice`` sees asyncio through ``_AsyncioView``: the same module,
  except that its running loop binds a socket asked for on port 0 to a free port of the range
  instead (from a random start, each port tried once, only "address in use" moving on), and
  raises ``RtcPortsExhausted`` when none is free. That bind is the only port-0 bind in
  ``aioice.ice``; every other name is the real asyncio's.
* ``Connection.get_component_candidates`` is wrapped. With ``RTC_PUBLIC_ADDRESS`` it binds one
  socket per component on the wildcard address of that address's family (``0.0.0.0`` or
  ``::``), so packets reach it whichever local address they were sent to (a container on two
  networks, a published port, a 1:1 NAT), and offers that socket at ``RTC_PUBLIC_ADDRESS``;
  the other family is not offered. It then checks every host candidate against the settings,
  so an aioice that binds elsewhere fails the offer instead of offering ports the firewall drops.

aioice's internals are not an API: ``configure`` accepts only the aioice versions this was
written against and whose source still has the shape relied on, and raises
``AioiceUnsupported`` at start-up otherwise. With both settings empty, aioice is left as
shipped (or put back, when an earlier call changed it).
"""

from __future__ import annotations

import asyncio
import errno
import functools
import inspect
import ipaddress
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

SUPPORTED_AIOICE = ("0.13.",)  # versions whose internals were read; a new one needs a fresh read
# What aioice.ice.Connection.get_component_candidates must still contain for the patch to hold.
_SHAPE = ("asyncio.get_running_loop()", "loop.create_datagram_endpoint(", "local_addr=(address, 0)", 'type="host"')


class AioiceUnsupported(RuntimeError):
    """The installed aioice is not one whose internals this module knows."""


class RtcPortsExhausted(OSError):
    """Every port of RTC_PORT_RANGE is taken."""


@dataclass(frozen=True)
class IceSettings:
    ports: tuple[int, int] | None = None
    public_address: str | None = None


_active: IceSettings | None = None
_original: Callable[..., Any] | None = None  # aioice's own get_component_candidates while patched


def configure_from_settings(settings: Any) -> None:
    configure(IceSettings(ports=settings.rtc_port_bounds, public_address=settings.rtc_public_address or None))


def configure(ice: IceSettings) -> None:
    """Apply ``ice`` to aioice in this process (idempotent); an empty one restores aioice."""
    global _active, _original
    import aioice.ice

    if ice.ports is None and ice.public_address is None:
        if _original is not None:
            aioice.ice.Connection.get_component_candidates = _original  # type: ignore[method-assign]
            aioice.ice.asyncio = asyncio  # type: ignore[assignment]
            _original, _active = None, None
        return
    if _original is None:
        _check_aioice()
        _original = aioice.ice.Connection.get_component_candidates
        aioice.ice.Connection.get_component_candidates = _wrap(_original)  # type: ignore[method-assign]
    aioice.ice.asyncio = _AsyncioView(ice.ports) if ice.ports else asyncio  # type: ignore[assignment]
    _active = ice
    log.info("webrtc host candidates", extra={"fields": {
        "ports": "-".join(map(str, ice.ports)) if ice.ports else "any",
        "address": ice.public_address or "local addresses"}})


def _check_aioice() -> None:
    import aioice
    import aioice.ice

    version = getattr(aioice, "__version__", "unknown")
    fix = ("pin aioice to a supported version or update interview/live/ice_ports.py (meanwhile the app runs with "
           "RTC_PORT_RANGE and RTC_PUBLIC_ADDRESS unset)")
    if not version.startswith(SUPPORTED_AIOICE):
        raise AioiceUnsupported(f"RTC_PORT_RANGE / RTC_PUBLIC_ADDRESS support was written for aioice "
                                f"{', '.join(v + 'x' for v in SUPPORTED_AIOICE)}, not {version}: {fix}")
    if aioice.ice.asyncio is not asyncio:
        raise AioiceUnsupported(f"aioice.ice.asyncio was already replaced by something else: {fix}")
    try:
        method = inspect.getsource(aioice.ice.Connection.get_component_candidates)
        module = inspect.getsource(aioice.ice)
    except (OSError, TypeError) as err:
        raise AioiceUnsupported(f"cannot read aioice's source to check it ({err}): {fix}") from err
    missing = [part for part in _SHAPE if part not in method]
    if missing or module.count("create_datagram_endpoint(") != 1:
        raise AioiceUnsupported(f"aioice {version} no longer binds its host candidates as expected "
                                f"(missing {missing or 'a single bind'}): {fix}")


class _AsyncioView:
    """``asyncio`` as ``aioice.ice`` sees it: its loop binds port-0 sockets inside the range."""

    def __init__(self, ports: tuple[int, int]) -> None:
        self._ports = ports

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    def get_running_loop(self) -> _RangeLoop:
        return _RangeLoop(asyncio.get_running_loop(), self._ports)


class _RangeLoop:
    def __init__(self, loop: asyncio.AbstractEventLoop, ports: tuple[int, int]) -> None:
        self._loop = loop
        self._ports = ports

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loop, name)

    async def create_datagram_endpoint(self, protocol_factory: Callable[[], Any], local_addr: Any = None,
                                       **kwargs: Any) -> Any:
        if local_addr is None or local_addr[1] != 0:
            return await self._loop.create_datagram_endpoint(protocol_factory, local_addr=local_addr, **kwargs)
        low, high = self._ports
        count = high - low + 1
        start = random.randrange(count)  # spreads concurrent binds over the range
        for i in range(count):
            port = low + (start + i) % count
            try:
                return await self._loop.create_datagram_endpoint(protocol_factory, local_addr=(local_addr[0], port),
                                                                 **kwargs)
            except OSError as err:
                if err.errno != errno.EADDRINUSE:
                    raise
        message = (f"every UDP port of RTC_PORT_RANGE {low}-{high} is in use on {local_addr[0]}: widen the range "
                   "(and the ports published and opened for it) or lower MAX_LIVE_SESSIONS")
        log.error(message)
        raise RtcPortsExhausted(errno.EADDRINUSE, message)


def _wildcard(public_address: str, addresses: list[str]) -> list[str]:
    """The wildcard address of the public address's family, when the host has that family."""
    version = ipaddress.ip_address(public_address).version
    if not any(ipaddress.ip_address(a.split("%")[0]).version == version for a in addresses):
        if addresses:
            log.warning("no local IPv%d address: RTC_PUBLIC_ADDRESS %s gives no host candidate", version,
                        public_address)
        return []
    return ["0.0.0.0" if version == 4 else "::"]


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    async def get_component_candidates(self: Any, component: int, addresses: list[str], timeout: int = 5) -> Any:
        ice = _active
        if ice is None:
            return await original(self, component, addresses, timeout)
        if ice.public_address:
            addresses = _wildcard(ice.public_address, addresses)
        candidates = await original(self, component, addresses, timeout)
        hosts = [c for c in candidates if c.type == "host"]
        for candidate in hosts:
            if ice.ports and not ice.ports[0] <= candidate.port <= ice.ports[1]:
                raise RuntimeError(f"aioice bound a host candidate on port {candidate.port}, outside RTC_PORT_RANGE "
                                   f"{ice.ports[0]}-{ice.ports[1]}: update interview/live/ice_ports.py")
            if ice.public_address:
                candidate.host = ice.public_address  # what the SDP offers; the socket stays where it is bound
        if addresses and not candidates and ice.ports:
            raise RtcPortsExhausted(errno.EADDRINUSE, f"no UDP port of RTC_PORT_RANGE {ice.ports[0]}-{ice.ports[1]} "
                                    "could be bound (all in use?): the connection would have no candidate")
        return candidates

    return get_component_candidates
