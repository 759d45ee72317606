"""The pinned GraphiQL assets: where they come from, their integrity, where they live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Fetched by ``python -m gateway.graphiql.fetch`` (run by scripts/bootstrap and the image build).
ASSET_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True, slots=True)
class Asset:
    package: str
    version: str
    #: Path of the file inside the npm package.
    path: str
    #: Subresource integrity of the file (the same pins as Strawberry's own page).
    integrity: str

    @property
    def name(self) -> str:
        return (
            f"{self.package.replace('/', '__').lstrip('@')}-{self.version}-{Path(self.path).name}"
        )

    @property
    def cdn_url(self) -> str:
        return f"https://unpkg.com/{self.package}@{self.version}/{self.path}"

    @property
    def tarball_url(self) -> str:
        base = self.package.split("/")[-1]
        return f"https://registry.npmjs.org/{self.package}/-/{base}-{self.version}.tgz"


REACT = Asset(
    "react",
    "18.2.0",
    "umd/react.production.min.js",
    "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
)
REACT_DOM = Asset(
    "react-dom",
    "18.2.0",
    "umd/react-dom.production.min.js",
    "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
)
GRAPHIQL_CSS = Asset(
    "graphiql",
    "3.8.3",
    "graphiql.min.css",
    "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
)
GRAPHIQL_JS = Asset(
    "graphiql",
    "3.8.3",
    "graphiql.min.js",
    "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
)
EXPLORER_CSS = Asset(
    "@graphiql/plugin-explorer",
    "1.0.2",
    "dist/style.css",
    "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
)
EXPLORER_JS = Asset(
    "@graphiql/plugin-explorer",
    "1.0.2",
    "dist/index.umd.js",
    "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
)
ASSETS = (REACT, REACT_DOM, GRAPHIQL_CSS, GRAPHIQL_JS, EXPLORER_CSS, EXPLORER_JS)


def local_assets_present(directory: Path = ASSET_DIR) -> bool:
    return all((directory / asset.name).is_file() for asset in ASSETS)
