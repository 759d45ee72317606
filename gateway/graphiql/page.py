"""The GraphiQL page: local assets when fetched, the CDN otherwise; example tabs in the demo."""

from __future__ import annotations

import json
from typing import Any

from gateway.graphiql.assets import (
    EXPLORER_CSS,
    EXPLORER_JS,
    GRAPHIQL_CSS,
    GRAPHIQL_JS,
    REACT,
    REACT_DOM,
    Asset,
)

#: Where the gateway serves the fetched assets.
STATIC_PATH = "/graphiql/static"

_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>mediagraph GraphiQL</title>
    <style>
      body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
      #graphiql { height: 100vh; display: flex; }
    </style>
    __STYLES__
  </head>
  <body>
    <div id="graphiql">Loading...</div>
    __SCRIPTS__
    <script>
      const config = JSON.parse(document.getElementById("mediagraph-config").textContent);
      const url = window.location.href.split("?")[0];
      const wsUrl = url.replace(/^http/, "ws");
      // The preflight header satisfies the gateway's CSRF rule for every request it sends.
      const fetcher = GraphiQL.createFetcher({
        url,
        subscriptionUrl: wsUrl,
        headers: { "GraphQL-Preflight": "1" },
      });
      const explorer = GraphiQLPluginExplorer.explorerPlugin();
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, {
          fetcher,
          plugins: [explorer],
          defaultQuery: config.defaultQuery,
          defaultTabs: config.tabs,
          defaultEditorToolsVisibility: true,
          isHeadersEditorEnabled: true,
          inputValueDeprecation: true,
        }),
      );
    </script>
  </body>
</html>
"""


def _href(asset: Asset, local: bool) -> str:
    return f"{STATIC_PATH}/{asset.name}" if local else asset.cdn_url


def render_page(*, local: bool, tabs: list[dict[str, Any]]) -> str:
    """The page; ``local`` serves the pinned assets from the gateway (air-gapped clusters)."""
    integrity = "" if local else " crossorigin"
    styles = "\n    ".join(
        f'<link rel="stylesheet" href="{_href(a, local)}" integrity="{a.integrity}"{integrity} />'
        for a in (GRAPHIQL_CSS, EXPLORER_CSS)
    )
    scripts = "\n    ".join(
        f'<script src="{_href(a, local)}" integrity="{a.integrity}"{integrity}></script>'
        for a in (REACT, REACT_DOM, GRAPHIQL_JS, EXPLORER_JS)
    )
    config = json.dumps(
        {"tabs": tabs, "defaultQuery": tabs[0]["query"] if tabs else "{ __typename }"}
    )
    # JSON escapes for <, > and & keep the text from ever closing the <script> early.
    safe = config.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    config_tag = f'<script id="mediagraph-config" type="application/json">{safe}</script>'
    return _PAGE.replace("__STYLES__", styles).replace(
        "__SCRIPTS__", config_tag + "\n    " + scripts
    )
