"""Headless Chromium for the page tests and the benchmark: Debian's /usr/bin/chromium driven by
Playwright's Python package (never a browser Playwright downloads; scripts/install-browser.sh
installs both).

Under CI=true a missing browser or Playwright is an error, so that the browser tests fail rather
than skip; elsewhere ``missing()`` gives the reason to skip with.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which this
# machine's closed network refuses; the rest keep a root, GPU-less, headless run quiet.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401  (only whether it imports)
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing (scripts/install-browser.sh installs Debian's chromium)"
    return None


# axe-core, injected by the accessibility tests into the page they test (scripts/install-browser.sh
# fetches it from npm; the pages graphkit writes never carry it).
AXE_VERSION = "4.10.3"
AXE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "graphkit" / f"axe-core-{AXE_VERSION}" / "axe.min.js"


def axe_missing() -> str | None:
    """Why the accessibility check cannot run here, or None when it can."""
    return None if AXE.exists() else f"{AXE} is missing (scripts/install-browser.sh fetches axe-core from npm)"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextmanager
def chromium():
    """A launched headless Chromium browser (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Watcher:
    """Everything a page did that a reader would not want: requests beyond the page itself,
    console errors, uncaught exceptions and dialogs (alert, confirm, prompt)."""

    def __init__(self, page, allowed_url: str | None = None):
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.allowed_url = allowed_url
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route) -> None:
        if self.allowed_url is not None and route.request.url == self.allowed_url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.allowed_url and not u.startswith(("data:", "about:"))]
