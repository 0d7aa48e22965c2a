"""The HTML coverage report in a real headless browser: the system's Chromium, driven by Playwright.

The page must load with no console error and no request of any kind beyond itself, render all 38 Annex A
controls in its grid and in detail, and give a screenshot of a real size that is not blank. With
AIMS_LINT_REQUIRE_TOOLS=1 (as .ci/run sets it) a missing browser or Playwright fails instead of skipping.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import make_git_repo, missing_tool
from governance_repo import BASE

from aims_lint.catalog import catalog

CHROMIUM = os.environ.get("AIMS_LINT_CHROMIUM", "/usr/bin/chromium")
# Headless, and nothing that would reach the network or a profile of its own.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw scanlines (filter bytes dropped) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    raw = zlib.decompress(b"".join(chunks))
    stride = width * (3 if colour == 2 else 4) + 1
    return width, height, b"".join(raw[row * stride + 1:(row + 1) * stride] for row in range(height))


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from aims_lint.cli import main

    root = make_git_repo(tmp_path_factory.mktemp("governed"), BASE)
    target = tmp_path_factory.mktemp("page") / "coverage.html"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with pytest.raises(SystemExit) as ended:
            main(["report", "--today", "2026-06-30", "--format", "html", "--output", str(target)])
    finally:
        os.chdir(cwd)
    assert ended.value.code == 0
    return target


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("Playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        missing_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_the_report_renders_every_control_with_no_error_and_loads_nothing(browser: Any, page_file: Path,
                                                                        tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri(), wait_until="load")
    assert errors == []
    assert requests == [page_file.as_uri()], "the page must load nothing beyond itself"
    controls = list(catalog().controls)
    cells = page.locator("a.cell").all_inner_texts()
    shown = [text.split("\n")[0].strip() for text in cells]
    assert [c for c in shown if c.startswith("A.")] == controls
    for control in controls:
        section = page.locator(f"#req-{control.replace('.', '-')}")
        assert section.count() == 1 and section.is_visible(), control
        # The status is said in words, not by colour alone.
        assert any(word in section.locator("h3").inner_text() for word in
                   ("met", "gaps", "not applicable", "manual", "no evidence")), control
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert width == 1280 and height > 2000, (width, height)
    assert len(set(pixels[: 1280 * 4 * 600])) > 16, "the top of the page must not be blank"
    page.close()


def test_the_report_prints(browser: Any, page_file: Path) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    page.emulate_media(media="print")
    assert page.locator("#req-A-10-4").is_visible()
    page.close()
