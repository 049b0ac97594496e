"""Task registration on the ``cpu`` and ``gpu`` queues.

Tasks are declared anywhere with ``@task("cpu")`` and bound to the huey instances of
a process by ``bind_tasks``. A task is thin: it loads its inputs by id through the
process's ``TaskRuntime`` (database, models), calls a pure function, stores the
result, and is safe to run twice.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from huey.api import TaskWrapper

from pipelines.queues import Queues
from pipelines.settings import Settings

if TYPE_CHECKING:
    from db.engine import Database
    from pipelines.models import ModelRegistry

# Modules whose @task functions are bound in every process (app and workers).
TASK_MODULES: tuple[str, ...] = ("pipelines.tasks", "pipelines.stt", "pipelines.scoring.tasks", "interview.plan",
                                 "interview.privacy", "interview.rubric_drafting")


@dataclass
class TaskDef:
    queue: str
    func: Callable[..., Any]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class TaskRuntime:
    """Per-process resources the tasks use (never per-session state)."""

    settings: Settings
    db: Database
    models: ModelRegistry
    queues: Queues
    tasks: dict[str, TaskWrapper] = field(default_factory=dict)


_DEFINITIONS: dict[str, TaskDef] = {}
_RUNTIME: list[TaskRuntime] = []  # the process's one runtime, set by bind_tasks


def task(queue: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _DEFINITIONS[func.__name__] = TaskDef(queue=queue, func=func, options=options)
        return func

    return register


def runtime() -> TaskRuntime:
    if not _RUNTIME:
        raise RuntimeError("tasks are not bound in this process: call bind_tasks first")
    return _RUNTIME[-1]


def bind_tasks(rt: TaskRuntime) -> dict[str, TaskWrapper]:
    for module in TASK_MODULES:
        importlib.import_module(module)
    _RUNTIME[:] = [rt]
    rt.tasks = {
        name: rt.queues[d.queue].task(name=name, **d.options)(d.func)
        for name, d in _DEFINITIONS.items()
    }
    return rt.tasks


@task("cpu")
def ping_cpu(token: str) -> dict[str, Any]:
    """Round trip through the cpu queue (health checks and tests)."""
    return {"queue": "cpu", "token": token, "pid": os.getpid()}


@task("gpu")
def ping_gpu(token: str) -> dict[str, Any]:
    """Round trip through the gpu queue; reports whether CUDA is visible to the worker."""
    return {"queue": "gpu", "token": token, "pid": os.getpid(),
            "device": runtime().settings.device}
