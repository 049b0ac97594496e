"""Builds and owns the process's services: database (embedded or external), queues,
model registry, the domain services. ``app.py`` and the tests use it."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from db.engine import Database
from interview.accounts import AccountService, LoginPolicy
from interview.audit_trail import AuditService
from interview.candidates import CandidateService
from interview.hiring import HiringService
from interview.live.sessions import LiveSessions
from interview.plan import PlanService
from interview.privacy import PrivacyService
from interview.prompt_lab import PromptLabService
from interview.prompts import PromptStore
from interview.reports import ReportService
from interview.resume_intake import ResumeIntakeService
from interview.rubric_drafting import RubricDraftService
from interview.rubrics import RubricService
from interview.security import TokenSigner, generate_password, password_problem
from interview.turns import TurnService
from pipelines.metrics import LIVE_SESSIONS
from pipelines.metrics import serve as serve_metrics
from pipelines.model_files import ModelFileMissing
from pipelines.models import ModelRegistry, warm_up_names
from pipelines.queues import Queues, make_queues
from pipelines.scoring.tasks import sweep as sweep_scoring
from pipelines.scoring.tasks import sweep_dry_runs
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, bind_tasks
from pipelines.tts import TextToSpeech

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """Start-up cannot continue; the message says what to do."""


def _check_data_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as err:
        raise StartupError(
            f"the data directory {path} is not writable ({err.strerror}): "
            "set DATA_DIR or --data-dir to a folder you can write"
        ) from err


def _jwt_secret(settings: Settings) -> str:
    configured = settings.jwt_secret.get_secret_value()
    if configured:
        if len(configured) < 32:
            raise StartupError("JWT_SECRET is too short: use at least 32 random characters")
        return configured
    if not settings.embedded_db:
        raise StartupError("JWT_SECRET is not set: with DATABASE_URL set it must come from the environment")
    path = settings.data_dir / "secrets" / "jwt_secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _check_admin_password(settings: Settings) -> None:
    password = settings.admin_password.get_secret_value()
    problem = password and password_problem(password, email=settings.admin_email or "admin@localhost")
    if problem:
        raise StartupError(f"ADMIN_PASSWORD is too weak: {problem}")


@dataclass
class Runtime:
    settings: Settings
    db: Database
    queues: Queues
    models: ModelRegistry
    accounts: AccountService
    hiring: HiringService
    candidates: CandidateService
    rubrics: RubricService
    reports: ReportService
    resumes: ResumeIntakeService
    embedded: EmbeddedPostgres | None = None
    tasks: TaskRuntime | None = field(default=None)
    prompts: PromptStore = field(init=False)
    plan: PlanService = field(init=False)
    tts: TextToSpeech = field(init=False)
    turns: TurnService = field(init=False)
    live: LiveSessions = field(init=False)
    privacy: PrivacyService = field(init=False)
    audit: AuditService = field(init=False)
    lab: PromptLabService = field(init=False)
    drafting: RubricDraftService = field(init=False)

    @classmethod
    def start(cls, settings: Settings, *, consumers: bool = True) -> Runtime:
        _check_data_dir(settings.data_dir)
        jwt_secret = _jwt_secret(settings)
        _check_admin_password(settings)
        models = ModelRegistry(settings)
        for name in models.specs:  # joins split files once; a missing file stops here
            try:
                models.location(name)
            except ModelFileMissing as err:
                raise StartupError(str(err)) from err
        embedded = None
        if settings.embedded_db:
            embedded = EmbeddedPostgres(settings.data_dir, port=settings.embedded_pg_port)
            try:
                url = embedded.start()
            except (EmbeddedPostgresError, OSError) as err:
                raise StartupError(str(err)) from err
        else:
            url = settings.database_url
        db = Database(url, pool_size=settings.db_pool_size)
        try:
            db.migrate()
        except Exception as err:
            if embedded:
                embedded.stop()
            raise StartupError(f"cannot prepare the database: {err}") from err
        queues = make_queues(settings)
        rt = cls(
            settings=settings, db=db, queues=queues, models=models,
            accounts=AccountService(db, TokenSigner(
                jwt_secret, settings.jwt_ttl_minutes, refresh_ttl_minutes=settings.jwt_refresh_ttl_minutes,
                issuer=settings.jwt_issuer, audience=settings.jwt_audience,
            ), LoginPolicy(per_account=settings.login_max_failures,
                           per_client=settings.login_max_failures_per_client,
                           window=timedelta(minutes=settings.login_window_minutes))),
            hiring=HiringService(db, base_url=settings.base_url, invite_ttl_hours=settings.invite_ttl_hours),
            candidates=CandidateService(db), rubrics=RubricService(db), reports=ReportService(db), embedded=embedded,
            resumes=ResumeIntakeService(db, models, settings),
        )
        rt.tasks = TaskRuntime(settings=settings, db=db, models=models, queues=queues)
        bind_tasks(rt.tasks)
        rt._bootstrap_admin()
        rt.rubrics.seed_default()
        rt.prompts = PromptStore(db)
        rt.prompts.seed()
        rt.plan = PlanService(db, candidates=rt.candidates, resumes=rt.resumes.store, tasks=rt.tasks,
                              settings=settings)
        rt.tts = TextToSpeech(models, settings)
        rt.turns = TurnService(db, settings=settings, candidates=rt.candidates, plans=rt.plan,
                               reports=rt.reports, tasks=rt.tasks)
        rt.live = LiveSessions(rt, max_live=settings.max_live_sessions)
        LIVE_SESSIONS.set_function(rt.live.count)
        if settings.metrics_port:
            serve_metrics(settings.metrics_port)
        rt.privacy = PrivacyService(db, settings, invite_url=rt.hiring.invite_url, live=rt.live)
        rt.audit = AuditService(db)
        rt.lab = PromptLabService(db, models, settings)
        rt.drafting = RubricDraftService(db, settings, rt.tasks, rt.rubrics)
        sweep_scoring(rt.tasks, startup=True)
        sweep_dry_runs(rt.tasks, startup=True)
        if consumers and settings.embedded_queues:
            queues.start_consumers()
        if consumers and settings.warm_up_models:
            models.warm_up(warm_up_names(in_process_queues=settings.embedded_queues))
        return rt

    def _bootstrap_admin(self) -> None:
        email = self.settings.admin_email or "admin@localhost"
        password = self.settings.admin_password.get_secret_value()
        generated = not password
        if generated:
            if not self.settings.embedded_db:
                # production: no admin without an explicit password
                log.warning("no ADMIN_PASSWORD set: no first admin created")
                return
            password = generate_password()
        if self.accounts.ensure_first_admin(email=email, password=password) and generated:
            # printed once, on purpose: the only way an embedded user learns it
            print(  # noqa: T201
                f"\n  First admin created: {email} / {password}\n"
                "  This password is shown once. Change it by setting ADMIN_EMAIL and ADMIN_PASSWORD\n"
                "  before the first start, or create another admin with POST /api/users.\n",
                flush=True,
            )

    def stop(self) -> None:
        self.queues.stop_consumers()
        self.resumes.store.close()
        self.db.dispose()
        if self.embedded:
            self.embedded.stop()
