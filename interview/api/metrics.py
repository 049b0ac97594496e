"""``GET /metrics`` (Prometheus text; admin token). The series are in ``pipelines.metrics``; HTTP
latency is observed by ``interview.api.request_context``."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from interview.api.deps import AdminUser

router = APIRouter()


@router.get("/metrics", tags=["health"], response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(_: AdminUser) -> Response:
    """This process's metrics. Scrapers without an admin token use ``METRICS_PORT`` instead."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
