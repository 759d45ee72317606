"""The upstreams: the two emulators (with optional injected latency), and the static upstream,
nginx on 127.0.0.1 serving responses recorded from the emulators at the start of the run.

Recording: every scenario runs once through each gateway against the emulators; the
emulators' request logs give the exact upstream requests (paths and query strings) each
gateway makes; those same requests are then made to the emulator and the answers saved as
``<fixtures>/<path>/@<query>.json``, which nginx serves with ``try_files``. Two edits make
the recorded data a clean benchmark (both listed in BENCHMARKS.md): the seed's deliberately
broken spotlight (a PARTIAL page) is replaced by a copy of its neighbour, and each of the
first 100 spotlights gets its own sponsor brand, with a public profile (P2) cloned from a
recorded brand profile, so that Q3-distinct has 100 distinct sponsors.
"""

from __future__ import annotations

import copy
import json
import subprocess
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.procs import LOAD_CORE, Proc, free_port, wait_until
from emulators.albums.seed import DEMO_AUTH_TOKEN, DEMO_EMAIL
from emulators.profiles.seed import CITY_BOUTIQUE_PROFILE_ID, DEMO_PROFILE_ID, DEMO_TOKEN

ROOT = Path(__file__).resolve().parents[1]
SPOTLIGHTS = f"/v1/public_profiles/{DEMO_PROFILE_ID}/spotlights"
SIGN_IN = "/v8/sessions"
#: What the readiness probe asks nginx for (a 404, left out of the miss list).
READY_PATH = "/__bench_ready"


@dataclass
class Emulators:
    profiles: Proc
    albums: Proc
    profiles_url: str
    albums_url: str
    albums_session: str

    def control(self, which: str) -> httpx.Client:
        url = self.profiles_url if which == "profiles" else self.albums_url
        return httpx.Client(base_url=url, timeout=30)

    def reset_log(self) -> None:
        for which in ("profiles", "albums"):
            with self.control(which) as http:
                http.delete("/__emulator/requests").raise_for_status()

    def log(self) -> list[tuple[str, str, str, str]]:
        """(upstream, method, path, query) of every request since the last reset."""
        out = []
        for which in ("profiles", "albums"):
            with self.control(which) as http:
                for r in http.get("/__emulator/requests").json()["log"]:
                    out.append((which, r["method"], r["path"], r["query"]))
        return out

    def set_latency(self, fixed_ms: float) -> None:
        rules = {"rules": [{"path_regex": ".*", "fixed_ms": fixed_ms}]} if fixed_ms else {}
        for which in ("profiles", "albums"):
            with self.control(which) as http:
                http.put("/__emulator/latency", json=rules).raise_for_status()


def start_emulators(logs: Path) -> Emulators:
    """Both emulators on the load core; Public Profile sends sponsor ids as UUID strings (the
    documented alternative form, which the OpenAPI links of Hive Gateway can follow)."""
    python = str(ROOT / ".venv" / "bin" / "python")
    procs, urls = {}, {}
    for which in ("profiles", "albums"):
        port = free_port()
        urls[which] = f"http://127.0.0.1:{port}"
        # uvicorn binds the port itself: ``mediagraph emulate`` hands it a bound socket on the
        # plain asyncio loop, where every keep-alive answer waits ~40 ms for a delayed ACK
        # (no TCP_NODELAY), which would swamp the injected latency (see BENCHMARKS.md).
        argv = [python, "-m", "uvicorn", "--factory", f"emulators.{which}:create_app",
                "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
                "--log-level", "warning"]  # fmt: skip
        procs[which] = Proc(f"{which} emulator", argv, core=LOAD_CORE, cwd=ROOT,
                            log=logs / f"emulator-{which}.log")  # fmt: skip
    for which, proc in procs.items():
        url = urls[which]
        wait_until(lambda url=url: httpx.get(f"{url}/openapi.json").status_code == 200,
                   proc=proc, timeout=30)  # fmt: skip
    httpx.put(f"{urls['profiles']}/__emulator/config", json={"sponsor_id_form": "uuid"})
    signed = httpx.post(f"{urls['albums']}{SIGN_IN}",
                        json={"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN})  # fmt: skip
    signed.raise_for_status()
    return Emulators(procs["profiles"], procs["albums"], urls["profiles"], urls["albums"],
                     signed.json()["sessionId"])  # fmt: skip


def page2_cursor(emulators: Emulators) -> str:
    answer = httpx.get(f"{emulators.profiles_url}{SPOTLIGHTS}", params={"limit": 50},
                       headers={"Authorization": f"Bearer {DEMO_TOKEN}"})  # fmt: skip
    return str(answer.json()["paging"]["next_page_id"])


def fixture_path(root: Path, path: str, query: str) -> Path:
    """Where nginx looks for ``path?query``: ``try_files $uri/@$args.json``."""
    return root / path.lstrip("/") / f"@{query}.json"


#: Recorded whatever the scenarios: the brand profile the Q3-distinct sponsors are cloned from.
BRAND_PROFILE = ("profiles", "GET", f"/public/v1/public_profiles/{CITY_BOUTIQUE_PROFILE_ID}", "")


def record(emulators: Emulators, requests: Iterable[tuple[str, str, str, str]], root: Path) -> int:
    """Fetch every logged GET again and save the answer; the sign-in is saved once."""
    requests = {*requests, BRAND_PROFILE}
    saved = 0
    auth = {"profiles": f"Bearer {DEMO_TOKEN}", "albums": f"Grindr3 {emulators.albums_session}"}
    for which, method, path, query in sorted(set(requests)):
        base = emulators.profiles_url if which == "profiles" else emulators.albums_url
        if method == "POST" and path == SIGN_IN:
            answer = httpx.post(f"{base}{path}", json={"email": DEMO_EMAIL,
                                                       "authToken": DEMO_AUTH_TOKEN})  # fmt: skip
            target = root / "__sign_in.json"
        elif method == "GET":
            url = f"{base}{path}" + (f"?{query}" if query else "")
            answer = httpx.get(url, headers={"Authorization": auth[which]})
            target = fixture_path(root, path, query)
        else:
            raise RuntimeError(f"cannot record {method} {path}: only GETs and the sign-in")
        if answer.status_code != 200:
            raise RuntimeError(f"recording {method} {path}?{query}: HTTP {answer.status_code}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(answer.content)
        saved += 1
    return saved


def _sponsor_id(i: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mediagraph-bench-sponsor-{i}"))


def edit_fixtures(root: Path) -> None:
    """Repair the PARTIAL page and give each of the first 100 spotlights its own sponsor."""
    brand_file = fixture_path(root, f"/public/v1/public_profiles/{CITY_BOUTIQUE_PROFILE_ID}", "")
    brand = json.loads(brand_file.read_text())
    pages = sorted((root / SPOTLIGHTS.lstrip("/")).glob("@*.json"))
    if not pages:  # no scenario with spotlights was selected
        return
    index = 0
    for page_file in pages:
        page = json.loads(page_file.read_text())
        items = page["spotlights"]
        for n, item in enumerate(items):
            if "spotlight" not in item:  # the seed's broken item: copy a neighbour
                twin = copy.deepcopy(items[n - 1 if n else n + 1])
                twin["spotlight"]["id"] = twin["spotlight"]["id"][:-4] + "bnch"
                items[n] = twin
        page["request_status"] = "SUCCESS"
        for key in ("debug_message", "display_message", "error_code"):
            page.pop(key, None)
        for item in items:
            sponsor_id = _sponsor_id(index)
            name = f"Bench Sponsor {index:03d}"
            item["spotlight"]["sponsor"] = {"profile_id": sponsor_id, "display_name": name,
                                            "sponsor_status": "AUTO_APPROVED"}  # fmt: skip
            profile = copy.deepcopy(brand)
            entity = profile["public_profiles"][0]["public_profile"]
            entity.update(id=sponsor_id, display_name=name)
            target = fixture_path(root, f"/public/v1/public_profiles/{sponsor_id}", "")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(profile))
            index += 1
        page_file.write_text(json.dumps(page))


NGINX_CONF = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{ }}
    default_type application/json;
    log_format calls '$request_method $request_uri $status';
    access_log {tmp}/access.log calls buffer=256k flush=200ms;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
    sendfile on;
    tcp_nodelay on;
    open_file_cache max=10000 inactive=300s;
    server {{
        listen 127.0.0.1:{port} reuseport backlog=4096;
        root {fixtures};
        location = {sign_in} {{ return 200 '{sign_in_body}'; }}
        location / {{ try_files "$uri/@$args.json" =404; }}
    }}
    # The same files for the direct (floor) runs, unlogged: only gateways' calls are counted.
    server {{
        listen 127.0.0.1:{direct_port} reuseport backlog=4096;
        access_log off;
        root {fixtures};
        location / {{ try_files "$uri/@$args.json" =404; }}
    }}
}}
"""


@dataclass
class Static:
    proc: Proc
    url: str
    access_log: Path
    #: The same answers without the access log, for the direct runs.
    direct_url: str

    def calls(self) -> int:
        """Requests nginx has logged so far (the log is flushed every 200 ms), less the
        Albums sign-ins: those keep a gateway's service session, they belong to no query."""
        sign_in = f"POST {SIGN_IN} ".encode()
        with self.access_log.open("rb") as log:
            return sum(1 for line in log if not line.startswith(sign_in))

    def misses(self) -> list[str]:
        with self.access_log.open() as log:
            return [
                line.strip()
                for line in log
                if not line.rstrip().endswith(" 200") and READY_PATH not in line
            ]


def start_static(fixtures: Path, tmp: Path) -> Static:
    """nginx, one process on the load core, serving ``fixtures`` (and the recorded sign-in)."""
    recorded = fixtures / "__sign_in.json"
    sign_in = recorded.read_text().strip() if recorded.exists() else '{"message":"not recorded"}'
    if any(c in sign_in for c in "'\\$"):
        raise RuntimeError("the recorded sign-in cannot be inlined in nginx.conf")
    port, direct_port = free_port(), free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, direct_port=direct_port,
                                      fixtures=fixtures, sign_in=SIGN_IN,
                                      sign_in_body=sign_in))  # fmt: skip
    (tmp / "access.log").touch()
    nginx = "/usr/sbin/nginx"
    subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(tmp)], check=True)
    proc = Proc("nginx", [nginx, "-c", str(conf), "-p", str(tmp)], core=LOAD_CORE,
                log=tmp / "nginx.out")  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: httpx.get(url + READY_PATH).status_code == 404, proc=proc, timeout=10)
    return Static(proc, url, tmp / "access.log", f"http://127.0.0.1:{direct_port}")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())
