"""Benchmark: wall time and peak RSS of a large media upload through the pipeline, against the
Public Profile emulator running as its own process on 127.0.0.1, compared with the docs' way of
doing it by hand: ``openssl enc -aes-256-cbc``, ``split``, and parallel ``curl`` ADDs.

    .venv/bin/python bench/upload.py [--size-mb 1000] [--concurrency 4] [--timeout 600]

Each side runs in a fresh child process, so its peak RSS (``ru_maxrss``) is its own; the
pipeline's growth is measured from its RSS just before the upload starts. Both uploads are
checked by downloading the emulator's decrypted file and comparing SHA-256. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOKEN = "demo-profile-token"  # noqa: S105 (the emulator's public seed token)
PROFILE_ID = "0b1c6a96-b1f5-4ab2-8f4a-a46764e29b77"
MIB = 1 << 20


def rss_mib() -> float:
    """The current resident set size, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def write_video(path: Path, size: int) -> str:
    """An MP4 header then pseudo-random mdat bytes, written in 1 MiB pieces; returns SHA-256."""
    from emulators._common.media import make_mp4

    header = make_mp4(duration_ms=30_000)
    digest = hashlib.sha256()
    rng = random.Random(1)
    mdat = size - len(header)  # the whole mdat box, its 8-byte header included
    with path.open("wb") as out:
        for piece in (header, mdat.to_bytes(4, "big") + b"mdat"):
            digest.update(piece)
            out.write(piece)
        left = mdat - 8
        while left > 0:
            piece = rng.randbytes(min(left, MIB))
            digest.update(piece)
            out.write(piece)
            left -= len(piece)
    return digest.hexdigest()


# -- the pipeline, in its own process ---------------------------------------------------------


async def pipeline(url: str, path: Path, concurrency: int) -> dict[str, Any]:
    import httpx

    from gateway.media.upload import MediaUploader
    from gateway.settings import UploadSettings
    from gateway.upstreams._http import UpstreamHTTP
    from gateway.upstreams.profiles_upload import ProfilesWriter

    timeout = httpx.Timeout(connect=5, read=300, write=60, pool=300)
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        # A whole 31 MiB part, and a FINALIZE that decrypts 1 GB, exceed the default budget.
        http = UpstreamHTTP(
            client, service="profiles", protocol="envelope", max_concurrency=64, total_timeout=600
        )
        uploader = MediaUploader(
            ProfilesWriter(http, token=TOKEN),
            settings=UploadSettings(part_concurrency=concurrency),
        )
        baseline = rss_mib()
        started = time.perf_counter()
        with path.open("rb") as file:
            uploaded = await uploader.upload_file(PROFILE_ID, file, name="bench", purpose=None)
        wall = time.perf_counter() - started
    peak = peak_rss_mib()
    return {
        "media_id": uploaded.media_id,
        "wall": wall,
        "baseline_rss": baseline,
        "peak_rss": peak,
        "growth": peak - baseline,
    }


# -- openssl + split + parallel curl, in its own process --------------------------------------


def run(command: list[str], timeout: float, **options: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, check=True, capture_output=True, timeout=timeout, **options)


def shell(url: str, path: Path, concurrency: int, timeout: float) -> dict[str, Any]:
    from gateway.media.crypto import PART_SIZE, MediaKey

    key = MediaKey.generate()
    work = Path(tempfile.mkdtemp(prefix="parts-", dir=path.parent))
    started = time.perf_counter()
    # The docs' recipe (§4.1), encrypting the whole file, then cutting the ciphertext.
    cipher = ["-aes-256-cbc", "-nosalt", "-K", key.key.hex(), "-iv", key.iv.hex()]
    encrypt = subprocess.Popen(
        ["openssl", "enc", *cipher, "-in", str(path)],
        stdout=subprocess.PIPE,
    )
    run(
        ["split", "-b", str(PART_SIZE), "-d", "-a", "2", "-", str(work / "part.")],
        timeout,
        stdin=encrypt.stdout,
    )
    if encrypt.wait(timeout) != 0:
        raise RuntimeError("openssl failed")
    encrypted = time.perf_counter()
    auth = ["-H", f"Authorization: Bearer {TOKEN}"]
    body = json.dumps({"type": "VIDEO", "name": "bench", "key": key.key_b64, "iv": key.iv_b64})
    create = f"{url}/v1/public_profiles/{PROFILE_ID}/media"
    created = json.loads(
        run(
            ["curl", "-sf", *auth, "-H", "Content-Type: application/json", "-d", body, create],
            timeout,
        ).stdout
    )
    add = url + created["add_path"]
    parts = sorted(work.iterdir())
    running: list[subprocess.Popen[bytes]] = []

    def settle(process: subprocess.Popen[bytes]) -> None:
        if process.wait(timeout) != 0:
            raise RuntimeError("an ADD failed")

    for number, part in enumerate(parts, start=1):
        while len(running) >= concurrency:
            settle(running.pop(0))
        form = ["-F", "action=ADD", "-F", f"part_number={number}", "-F", f"file=@{part}"]
        command = ["curl", "-sf", *auth, *form, add]
        running.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
    for process in running:
        settle(process)
    run(["curl", "-sf", *auth, "-F", "action=FINALIZE", url + created["finalize_path"]], timeout)
    wall = time.perf_counter() - started
    shutil.rmtree(work)
    return {
        "media_id": created["media_id"],
        "wall": wall,
        "encrypt_and_split": encrypted - started,
        # The largest single openssl/split/curl process; the four curls run side by side.
        "peak_rss": peak_rss_mib(resource.RUSAGE_CHILDREN),
    }


# -- the driver ------------------------------------------------------------------------------


def start_emulator(log: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    command = [str(ROOT / ".venv" / "bin" / "mediagraph"), "emulate", "profiles", "--port", "0"]
    out = log.open("wb")
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(rb"emulator: (http://127\.0\.0\.1:\d+)", log.read_bytes())
        if found and _ready(found.group(1).decode()):
            return process, found.group(1).decode()
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"the emulator did not start; see {log}")


def _ready(url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{url}/__emulator/clock", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def verify(url: str, media_id: str) -> str:
    import httpx

    digest = hashlib.sha256()
    with httpx.stream("GET", f"{url}/cdn/media/{media_id}", timeout=120) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes(MIB):
            digest.update(chunk)
    return digest.hexdigest()


def child(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, "--url", args.url, "--file", args.file]
    command += ["--concurrency", str(args.concurrency), "--timeout", str(args.timeout)]
    result = run(command, args.timeout)
    parsed: dict[str, Any] = json.loads(result.stdout.decode().strip().splitlines()[-1])
    return parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1000, help="file size in MB (10^6 bytes)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per step")
    parser.add_argument("--child", choices=["pipeline", "shell"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "pipeline":
        print(json.dumps(asyncio.run(pipeline(args.url, Path(args.file), args.concurrency))))
        return
    if args.child == "shell":
        print(json.dumps(shell(args.url, Path(args.file), args.concurrency, args.timeout)))
        return

    size = args.size_mb * 1000 * 1000
    with tempfile.TemporaryDirectory(prefix="mediagraph-bench-") as scratch:
        path = Path(scratch) / "video.mp4"
        print(f"writing a {size / 1e6:,.0f} MB video ...", flush=True)
        digest = write_video(path, size)
        emulator, url = start_emulator(Path(scratch) / "emulator.log", 30)
        try:
            args.url, args.file = url, str(path)
            rows = []
            print(
                f"uploading through the pipeline ({args.concurrency} parts at once) ...", flush=True
            )
            result = child("pipeline", args)
            ok = verify(url, result["media_id"]) == digest
            rows.append(("mediagraph pipeline", result, ok))
            # Frees the emulator's copy of the first upload before the second one.
            import httpx

            httpx.post(f"{url}/__emulator/reset", timeout=30).raise_for_status()
            if shutil.which("openssl") and shutil.which("curl") and shutil.which("split"):
                print("uploading with openssl + split + curl ...", flush=True)
                result = child("shell", args)
                ok = verify(url, result["media_id"]) == digest
                rows.append((f"openssl + split + {args.concurrency}x curl", result, ok))
        finally:
            emulator.terminate()
            emulator.wait(30)
    print()
    print(
        f"{'method':<28} {'wall s':>7} {'MB/s':>7} {'peak RSS MiB':>13} {'growth MiB':>11}  SHA-256"
    )
    for name, result, ok in rows:
        growth = f"{result['growth']:.0f}" if "growth" in result else "-"
        print(
            f"{name:<28} {result['wall']:>7.1f} {size / 1e6 / result['wall']:>7.0f}"
            f" {result['peak_rss']:>13.0f} {growth:>11}  {'ok' if ok else 'MISMATCH'}"
        )
    print()
    print(f"file {size:,} bytes; parts of 31 MiB; emulator on 127.0.0.1 in its own process")
    print("pipeline RSS growth: peak RSS minus RSS just before the upload (imports excluded)")
    print("openssl + curl peak RSS: the largest single process among openssl, split and curl")
    for name, result, _ in rows:
        if "encrypt_and_split" in result:
            print(f"{name}: openssl + split took {result['encrypt_and_split']:.1f} s of it")
    summary = [
        {"method": name, "ok": ok, **{k: v for k, v in result.items() if k != "media_id"}}
        for name, result, ok in rows
    ]
    print("BENCH_JSON " + json.dumps({"bytes": size, "rows": summary}))


if __name__ == "__main__":
    main()
