"""1 GB through the gateway: ``uploadMedia`` as a GraphQL multipart request to ``mediagraph
serve``, in front of the Public Profile emulator, both real processes on 127.0.0.1.

Prints wall time, the gateway's RSS before and at its peak (VmHWM), and whether the emulator
decrypted and reassembled exactly the bytes sent (SHA-256 of the original vs the media it
serves). ``python -m bench.upload_gateway [SIZE_BYTES]`` (default 10^9; bounded: one upload).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from emulators._common.media import make_mp4

GATEWAY, EMULATOR = 19100, 19102
QUERY = (
    "mutation ($f: Upload!) { uploadMedia(input: {file: $f}) { __typename "
    "... on MediaUploaded { mediaId upload { partsTotal bytesUploaded } } "
    "... on MutationError { message } } }"
)


def make_video(path: Path, size: int) -> str:
    """A valid MP4 header followed by random mdat bytes; returns its SHA-256."""
    header = make_mp4(duration_ms=30_000)
    digest = hashlib.sha256(header)
    rng = random.Random(1)
    with path.open("wb") as out:
        out.write(header)
        mdat = size - len(header)
        box = mdat.to_bytes(4, "big") + b"mdat"
        out.write(box)
        digest.update(box)
        left = mdat - len(box)
        while left > 0:
            piece = rng.randbytes(min(left, 1 << 20))
            out.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


def mib(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def main(size: int) -> int:
    exe = str(Path(sys.executable).with_name("mediagraph"))
    with tempfile.TemporaryDirectory(prefix="mediagraph-upload-") as work:
        video = Path(work) / "video.mp4"
        original = make_video(video, size)
        emulator = subprocess.Popen(
            [exe, "emulate", "profiles", "--port", str(EMULATOR)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env = {
            **os.environ,
            "MEDIAGRAPH_PROFILES_URL": f"http://127.0.0.1:{EMULATOR}",
            "MEDIAGRAPH_PROFILES_TOKEN": "demo-profile-token",
            "MEDIAGRAPH_RATE_PER_SECOND": "0",
            "MEDIAGRAPH_LOG_LEVEL": "WARNING",
        }
        serve = [exe, "serve", "--host", "127.0.0.1", "--port", str(GATEWAY)]
        src = os.environ.get("BENCH_MEDIAGRAPH_SRC")
        if src and Path(src).resolve() != Path(__file__).resolve().parents[1]:
            # Another source tree (bench/run --rev): as bench/gateways.py starts it, without
            # the editable install's import hook.
            packages = next(Path(sys.executable).parents[1].glob("lib/python3*/site-packages"))
            env["PYTHONPATH"] = f"{src}:{packages}"
            serve = [sys.executable, "-S", "-m", "gateway.cli", *serve[1:]]
        gateway = subprocess.Popen(
            serve,
            env=env,
            cwd=src or None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{GATEWAY}/healthz")
            wait_for(f"http://127.0.0.1:{EMULATOR}/__emulator/clock")
            httpx.put(
                f"http://127.0.0.1:{EMULATOR}/__emulator/config",
                json={"media_processing_seconds": 0},
            )
            before = mib(gateway.pid, "VmRSS:")
            started = time.perf_counter()
            with video.open("rb") as body:
                response = httpx.post(
                    f"http://127.0.0.1:{GATEWAY}/graphql",
                    headers={"GraphQL-Preflight": "1"},
                    data={
                        "operations": json.dumps({"query": QUERY, "variables": {"f": None}}),
                        "map": '{"0":["variables.f"]}',
                    },
                    files={"0": ("video.mp4", body, "video/mp4")},
                    timeout=900,
                )
            wall = time.perf_counter() - started
            peak = mib(gateway.pid, "VmHWM:")
            result = response.json()["data"]["uploadMedia"]
            if result["__typename"] != "MediaUploaded":
                print(json.dumps(result))
                return 1
            served = hashlib.sha256()
            with httpx.stream(
                "GET",
                f"http://127.0.0.1:{EMULATOR}/cdn/media/{result['mediaId']}",
                timeout=300,
            ) as media:
                for chunk in media.iter_bytes():
                    served.update(chunk)
            intact = served.hexdigest() == original
            parts = result["upload"]["partsTotal"]
            print(
                f"size {size / 1e6:.0f} MB  wall {wall:.1f} s  parts {parts}"
                f"  gateway RSS {before:.0f} MiB before, {peak:.0f} MiB peak"
                f" (+{peak - before:.0f} MiB)  SHA-256 {'intact' if intact else 'MISMATCH'}"
            )
            summary = {"bytes": size, "wall_s": round(wall, 2), "parts": parts,
                       "rss_before_mib": round(before, 1), "rss_peak_mib": round(peak, 1),
                       "intact": intact}  # fmt: skip
            print("BENCH_JSON " + json.dumps(summary))
            return 0 if intact else 1
        finally:
            gateway.terminate()
            emulator.terminate()
            gateway.wait(timeout=30)
            emulator.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000_000))
