"""GraphiQL in headless Chromium, with the network closed to everything but 127.0.0.1: the
page loads its pinned assets from the gateway, runs the demo's example query, and shows data."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator

import httpx
import pytest

from gateway.graphiql.assets import local_assets_present
from tests.e2e.test_demo import demo

__all__ = ["demo"]

pytestmark = pytest.mark.e2e

webdriver = pytest.importorskip("selenium.webdriver")
By = pytest.importorskip("selenium.webdriver.common.by").By


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def browser() -> Iterator[object]:
    chromium = _binary("chromium", "chromium-browser")
    driver_path = _binary("chromedriver")
    if chromium is None or driver_path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are missing: scripts/test installs them")
        pytest.skip("chromium/chromedriver not installed (scripts/test installs them as root)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        # Every host but loopback fails to resolve: an asset from a CDN could not load.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


def test_graphiql_runs_a_query_offline(demo: str, browser: object) -> None:
    assert local_assets_present(), "scripts/bootstrap fetches the GraphiQL assets"
    page = httpx.get(demo, headers={"accept": "text/html"}).text
    assert "unpkg.com" not in page
    driver = browser  # a selenium WebDriver
    driver.get(demo)  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    button = None
    while button is None and time.monotonic() < deadline:
        found = driver.find_elements(By.CSS_SELECTOR, ".graphiql-execute-button")  # type: ignore[attr-defined]
        button = found[0] if found else None
    assert button is not None, "GraphiQL did not render"
    button.click()
    result = ""
    while '"displayName"' not in result and time.monotonic() < deadline:
        panes = driver.find_elements(By.CSS_SELECTOR, ".result-window")  # type: ignore[attr-defined]
        result = panes[0].text if panes else ""
    assert '"displayName"' in result, result
    assert '"errors"' not in result
