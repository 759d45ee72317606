# syntax=docker/dockerfile:1
# The mediagraph image. Targets:
#   gateway (default)  docker build -t mediagraph .
#   emulators          docker build --target emulators -t mediagraph-emulators .
# tests/deploy/test_image_steps.py runs this file's builder commands, entrypoints and health
# check in a clean virtual environment, so keep them plain shell (see that test's docstring).

# --- builder: a virtual environment with the dependencies, then the project's wheel ----------
# Both stages use the same base image: the virtual environment moves from one to the other.
FROM python:3.12-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first: this layer is rebuilt only when pyproject.toml changes, not the source.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && /opt/venv/bin/pip install --requirement requirements.txt
COPY README.md ./
COPY gateway ./gateway
COPY schema ./schema
COPY emulators ./emulators
RUN /opt/venv/bin/pip wheel --no-deps --wheel-dir /wheels . \
    && /opt/venv/bin/pip install --no-deps /wheels/mediagraph-*.whl
# GraphiQL's pinned assets from the npm registry, checked against their integrity, so the
# image serves GraphiQL in air-gapped clusters; without them the page uses the public CDN.
RUN /opt/venv/bin/python -m gateway.graphiql.fetch || echo "GraphiQL assets not fetched"

# --- base: the runtime shared by both targets; no compilers, no pip cache, no source --------
FROM python:3.12-slim-bookworm AS base
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
RUN groupadd --system --gid 10001 mediagraph \
    && useradd --system --uid 10001 --gid mediagraph --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin mediagraph
COPY --from=builder /opt/venv /opt/venv
WORKDIR /tmp
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001

# --- emulators: one upstream emulator per container (demo and tests only) -------------------
FROM base AS emulators
EXPOSE 9000
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:9000/__emulator/clock', timeout=2).status != 200)"]
ENTRYPOINT ["mediagraph", "emulate"]
CMD ["albums", "--host", "0.0.0.0", "--port", "9000"]

# --- gateway: the default target -----------------------------------------------------------
FROM base AS gateway
EXPOSE 8000
# slim images have no curl: the probe is Python's own urllib.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["mediagraph"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
