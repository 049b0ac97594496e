"""WebRTC from a container: ``python app.py`` started with RTC_PORT_RANGE and
RTC_PUBLIC_ADDRESS answers a real aiortc peer's offer (the REST signalling route) with host
candidates only at that address, each on a port inside that range, and the connection
completes through them.

The address is 127.0.0.1: aioice never offers it on its own (it skips loopback), and the
app's media sockets, which then listen on every local IPv4 address, receive what is sent to
it. Without the settings' effect the answer carries this machine's interface addresses on
ports the kernel picked, and the assertions below fail."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
from aiortc import RTCPeerConnection

from tests.conftest import free_udp_range, running_app
from tests.e2e.test_live_interview import Q1, Q2
from tests.helpers import live_invite
from tests.integration.test_live_webrtc import FaceTrack, Microphone, _connect

PUBLIC = "127.0.0.1"
CANDIDATE = re.compile(r"^a=candidate:\S+ \d+ udp \d+ (\S+) (\d+) typ (\w+)", re.MULTILINE | re.IGNORECASE)


async def _answer_and_state(base: str, token: str) -> tuple[str, str]:
    """The app's answer SDP to a fresh offer, and the connection's state once settled (or after 30 s)."""
    pc = RTCPeerConnection()
    pc.addTrack(Microphone())
    pc.addTrack(FaceTrack())
    try:
        await _connect(pc, base, token)
        for _ in range(300):
            if pc.connectionState in ("connected", "failed", "closed"):
                break
            await asyncio.sleep(0.1)
        return pc.remoteDescription.sdp, pc.connectionState
    finally:
        await pc.close()


def test_the_app_offers_host_candidates_at_the_public_address_inside_the_port_range(tmp_path: Path,
                                                                                     database_url: str) -> None:
    low, high = free_udp_range(20)
    with running_app(tmp_path, database_url, RTC_PORT_RANGE=f"{low}-{high}", RTC_PUBLIC_ADDRESS=PUBLIC) as app:
        token = live_invite(app.base, [Q1, Q2])["token"]
        consent = {"recording": True, "analysis": True}
        assert httpx.post(f"{app.base}/api/interview/{token}/consent", json=consent).status_code == 200
        assert httpx.post(f"{app.base}/api/interview/{token}/start", timeout=120).status_code == 200
        sdp, state = asyncio.run(_answer_and_state(app.base, token))
    candidates = [(host, int(port), kind) for host, port, kind in CANDIDATE.findall(sdp)]
    hosts = [(host, port) for host, port, kind in candidates if kind == "host"]
    assert hosts, sdp
    assert all(host == PUBLIC and low <= port <= high for host, port in hosts), (low, high, candidates)
    assert state == "connected", (state, candidates)
