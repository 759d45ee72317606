"""Fetch the pinned GraphiQL assets from the npm registry into ``gateway/graphiql/static``.

``python -m gateway.graphiql.fetch [DIR]`` — idempotent; every file is checked against its
pinned SHA-384 before it is written, so a tampered or changed package is refused.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
from pathlib import Path

import httpx

from gateway.graphiql.assets import ASSET_DIR, ASSETS, Asset

#: Written last: its presence means every asset was fetched and checked.
COMPLETE = ".complete"


class AssetError(RuntimeError):
    pass


def _matches(content: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    digest = hashlib.new(algorithm, content).digest()
    return base64.b64encode(digest).decode() == expected


def _extract(tarball: bytes, asset: Asset) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(f"package/{asset.path}")
        if member is None:
            raise AssetError(f"{asset.package}@{asset.version} has no {asset.path}")
        return member.read()


def fetch(directory: Path = ASSET_DIR, *, client: httpx.Client | None = None) -> list[Path]:
    """Download what is missing; return the files now present."""
    directory.mkdir(parents=True, exist_ok=True)
    own_client = client is None
    http = client or httpx.Client(timeout=60, follow_redirects=True)
    tarballs: dict[str, bytes] = {}
    written: list[Path] = []
    try:
        for asset in ASSETS:
            target = directory / asset.name
            if target.is_file() and _matches(target.read_bytes(), asset.integrity):
                written.append(target)
                continue
            url = asset.tarball_url
            if url not in tarballs:
                response = http.get(url)
                response.raise_for_status()
                tarballs[url] = response.content
            content = _extract(tarballs[url], asset)
            if not _matches(content, asset.integrity):
                raise AssetError(f"{asset.name} does not match its pinned integrity")
            target.write_bytes(content)
            written.append(target)
    finally:
        if own_client:
            http.close()
    (directory / COMPLETE).write_text("\n".join(a.name for a in ASSETS) + "\n")
    return written


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else ASSET_DIR
    try:
        files = fetch(directory)
    except (httpx.HTTPError, AssetError, OSError) as exc:
        print(f"GraphiQL assets not fetched ({exc}); the page will load them from the CDN.")
        return 1
    print(f"GraphiQL assets ready in {directory} ({len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
