"""GET /healthz: database, queues and models; 503 naming the failed part."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from interview.api.deps import RuntimeDep

router = APIRouter()


@router.get("/healthz", tags=["health"])
def healthz(rt: RuntimeDep) -> JSONResponse:
    failed: list[str] = []
    body: dict[str, Any] = {"status": "ok"}
    try:
        body["database"] = rt.db.health()
    except Exception as err:  # noqa: BLE001 - reported as the failed part
        body["database"] = {"status": "down", "detail": f"{type(err).__name__}: {err}"[:300]}
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
