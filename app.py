"""Composition root: settings, then services, then the FastAPI app with the REST API,
the Gradio UI and the FastRTC stream, all on one port.

    python app.py [--host H] [--port P] [--data-dir D]

Flags win over the environment (HOST, PORT, DATA_DIR, DATABASE_URL, REDIS_URL, ...).
"""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from pipelines.logs import configure_logging
from pipelines.settings import Settings

log = logging.getLogger("app")


def parse_settings(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description="AI video interview: UI, REST API and live stream")
    parser.add_argument("--host", help="interface to bind (env HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (env PORT, default 7860)")
    parser.add_argument("--data-dir", type=Path, help="data folder (env DATA_DIR, default ./data)")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    return Settings(**overrides)


def create_app(settings: Settings) -> FastAPI:
    """The ASGI app; services start in its lifespan so tests and uvicorn share one path."""
    from interview.api import (
        health,
        metrics,
        routes,
        routes_access,
        routes_drafts,
        routes_lab,
        routes_plan,
        routes_privacy,
        routes_reports,
        routes_resume,
        routes_turns,
    )
    from interview.api.errors import install_error_handlers
    from interview.api.middleware import install_request_hygiene
    from interview.api.request_context import RequestContext
    from interview.live.ice_ports import AioiceUnsupported, configure_from_settings
    from interview.runtime import Runtime, StartupError

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.runtime.stop()

    app = FastAPI(title="AI Interview", version="0.1.0", lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    try:  # RTC_PORT_RANGE / RTC_PUBLIC_ADDRESS: aioice, process-wide (the stream and the pages' WebRTC)
        configure_from_settings(settings)
    except AioiceUnsupported as err:
        raise StartupError(str(err)) from err
    app.state.runtime = Runtime.start(settings)
    install_error_handlers(app)
    install_request_hygiene(app, app.state.runtime)  # headers, CORS, body limits, upload guard
    app.add_middleware(RequestContext)  # outermost: request and session ids on its log lines, latency by route
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(routes.router)
    app.include_router(routes_access.router)
    app.include_router(routes_lab.router)
    app.include_router(routes_drafts.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_resume.router)
    app.include_router(routes_turns.router)
    app.include_router(routes_plan.router)
    app.include_router(routes_privacy.router)
    from interview.api.routes_rtc import make_stream, rtc_router
    from interview.ui import mount_ui

    app.include_router(rtc_router(make_stream(app.state.runtime)))
    mount_ui(app, app.state.runtime)
    return app


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as err:
            return err.errno != errno.EADDRINUSE
    return True


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    configure_logging(settings.log_level, settings.log_format)
    if not _port_free(settings.host, settings.port):
        print(f"error: port {settings.port} on {settings.host} is in use: stop the other server "  # noqa: T201
              "or choose another with --port / PORT", file=sys.stderr)
        return 2
    from interview.runtime import StartupError

    try:
        app = create_app(settings)
    except StartupError as err:
        print(f"error: {err}", file=sys.stderr)  # noqa: T201
        return 2
    import uvicorn

    # uvicorn re-raises the signal that stopped it after a graceful shutdown; these
    # handlers receive that re-raise so a clean stop exits 0 instead of -15.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    log.info("serving", extra={"fields": {"url": settings.base_url, "docs": settings.base_url + "/api/docs"}})
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                timeout_graceful_shutdown=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
