"""The built site opens in Chromium and makes no request outside its origin."""
import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_without_third_party_requests(page, site):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site["url"]) else None)
    page.goto("")
    assert "Turned down for a job" in page.locator("h1").inner_text()
    page.goto("scenarios/ghosted/")
    page.wait_for_load_state("networkidle")
    assert outside == []
