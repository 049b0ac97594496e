"""GET /healthz: database, queues and models; 503 naming the failed part."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from interview.api.deps import RuntimeDep

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/healthz", tags=["health"])
def healthz(rt: RuntimeDep) -> JSONResponse:
    failed: list[str] = []
    body: dict[str, Any] = {"status": "ok"}
    try:
        body["database"] = rt.db.health()
    except Exception:  # noqa: BLE001 - reported as the failed part
        # the error text can name hosts, users and SQL: it goes to the log, never to the public
        log.exception("health check: database unavailable")
        body["database"] = {"status": "down", "detail": "database unavailable"}
        failed.append("database")
    body["queues"] = rt.queues.health()
    failed += [f"queue {name}" for name, q in body["queues"].items() if q.get("state") != "ok"]
    body["models"] = rt.models.status()
    failed += [f"model {name}" for name, m in body["models"].items() if m["state"] == "missing"]
    if failed:
        body["status"] = "degraded"
        body["failed"] = failed
        body["detail"] = f"{', '.join(failed)} unavailable"
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)
