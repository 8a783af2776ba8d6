"""End to end in a real Chromium: two reviewers annotate and approve a claim through the browser.

Opt-in (`pytest -m browser`); skips without /usr/bin/chromium except under CI=true. Screenshots of every page
go to artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from annotate.services import SYSTEM, Desk, reviewers

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
XSS = "Watch this <img src=x onerror=alert(1)> and <script>alert(2)</script> stay text"
PASSWORDS = {"alice": "alice password", "bob": "bob password", "root": "root password"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, templates):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing under CI: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    path = tmp_path_factory.mktemp("browser") / "desk.db"
    shutil.copyfile(templates.sqlite("demo"), path)
    url = f"sqlite:///{path}"
    desk = Desk.open(url)
    for name, role in (("alice", "reviewer"), ("bob", "editor"), ("root", "admin")):
        reviewers.create(desk, SYSTEM, name, PASSWORDS[name], role=role)
    desk.dispose()
    port = _free_port()
    env = {**os.environ, "ANNOTATE_DB_URL": url}
    env.pop("ANNOTATE_DEMO_PASSWORD", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read().decode().strip() == "ok":
                break
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("streamlit did not become healthy: " + proc.stdout.read().decode(errors="replace")[-2000:])
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # let charts and fonts settle
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def wait_idle(page) -> None:
    # Streamlit shows a "running" status widget while a script run is in flight.
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)


def sign_in(page, base: str, username: str, url: str | None = None) -> None:
    page.goto(url or base)
    page.get_by_label("Username").wait_for()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for(timeout=30_000)
    wait_idle(page)


def form(page, button: str):
    return page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name=button))


def submit(page, button: str, kind: str) -> None:
    """Submit a form and wait for its own confirmation ("Saved context #12"), never a previous save's."""
    before = page.locator('[data-testid="stAlert"]').filter(has_text=f"Saved {kind} #").all_inner_texts()
    form(page, button).get_by_role("button", name=button).click()
    page.wait_for_function(
        """([kind, before]) => [...document.querySelectorAll('[data-testid="stAlert"]')]
             .some(e => e.innerText.includes('Saved ' + kind + ' #') && !before.includes(e.innerText))""",
        arg=[kind, before],
        timeout=30_000,
    )
    wait_idle(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").wait_for(timeout=30_000)
    page.wait_for_function("!document.cookie.includes('annotate_session=')", timeout=30_000)


def tab(page, name: str, shows) -> None:
    """Open a tab; a click that lands during a rerun can be lost, so retry until what it `shows` is visible."""
    for attempt in range(4):
        page.get_by_role("tab", name=name).first.click()
        try:
            shows.wait_for(state="visible", timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            wait_idle(page)


def pick_option(page, label: str, option: str) -> None:
    """Choose one option of a multiselect. On a loaded machine the first click can land while the expander is
    still opening or a rerun replaces the widget, so the dropdown is reopened until the option shows."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text(label, exact=True))
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(4):
        widget.locator("input").click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)
    choice.click()
    page.keyboard.press("Escape")


def open_top_claim(page) -> str:
    """Filter the queue to new claims and open the most check-worthy one; returns its heading."""
    page.get_by_role("link", name="Review queue").click()
    wait_idle(page)
    page.get_by_text("Filters", exact=True).click()
    pick_option(page, "Status", "new")
    page.get_by_role("button", name="Apply filters").click()
    wait_idle(page)
    shot(page, "02-queue-filtered")
    page.get_by_role("button", name="Open claim").click()
    heading = page.get_by_role("heading", name="Claim #")
    heading.wait_for(timeout=30_000)
    wait_idle(page)
    return heading.inner_text().strip()


def test_two_reviewers_annotate_and_approve(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(server)
    page.get_by_label("Username").wait_for()
    shot(page, "01-sign-in")
    sign_in(page, server, "alice")
    page.get_by_role("heading", name="Review queue").wait_for()
    shot(page, "02-queue")  # before filtering
    title = open_top_claim(page)
    expect(page.locator(".facts").get_by_text("new", exact=True)).to_have_count(1)
    shot(page, "03-claim")

    prov = form(page, "Add provenance")
    prov.get_by_label("Title").fill("Budget statement 2024")
    prov.get_by_label("URL (http/https)").fill("https://example.org/budget-2024")
    prov.get_by_label("Publisher").fill("Ministry of Finance")
    prov.get_by_label("Excerpt").fill("Spending rose by four per cent.")
    submit(page, "Add provenance", "provenance")

    tab(page, "Counter-source", form(page, "Add counter-source"))
    counter = form(page, "Add counter-source")
    counter.get_by_label("Title").fill("Statistics office release")
    counter.get_by_label("URL (http/https)").fill("https://stats.example.org/release")
    counter.get_by_label("Note (Markdown)").fill("The office counts differently.")
    submit(page, "Add counter-source", "counter source")

    tab(page, "Context note", form(page, "Add context note"))
    form(page, "Add context note").get_by_label("Context note (Markdown)").fill(XSS)
    submit(page, "Add context note", "context")
    # The saved text leaves the browser's form too, so a second click cannot post it twice.
    expect(form(page, "Add context note").get_by_label("Context note (Markdown)")).to_have_value("")

    tab(page, "Verdict", form(page, "Set verdict"))
    verdict = form(page, "Set verdict")
    verdict.get_by_text("Mostly false", exact=True).click()
    verdict.get_by_label("Rationale (Markdown)").fill("The rise was two per cent, not four.")
    submit(page, "Set verdict", "verdict")
    expect(form(page, "Set verdict").get_by_label("Rationale (Markdown)")).to_have_value("")
    shot(page, "04-claim-annotated")

    sign_out(page)
    # A deep link survives the sign-in: the second reviewer lands on the claim itself.
    sign_in(page, server, "bob", url=f"{server}/claim?claim={title.removeprefix('Claim #')}")
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)
    page.get_by_role("button", name="Approve").click()
    # The confirmation shows twice, in the page and in a toast that comes and goes: wait for the page's.
    page.locator('[data-testid="stAlert"]').filter(has_text="is now approved").wait_for(timeout=30_000)
    wait_idle(page)

    # A reload starts a new Streamlit session; the browser's remembered sign-in brings bob back to the claim.
    page.wait_for_function("document.cookie.includes('annotate_session=')", timeout=30_000)
    page.reload()
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_idle(page)
    body = page.locator("section.main, [data-testid='stMain']").first
    for text in ("Budget statement 2024", "Statistics office release", "Verdict: Mostly false"):
        expect(body.get_by_text(text).first).to_be_visible()
    expect(page.locator(".facts").get_by_text("approved", exact=True)).to_have_count(1)
    assert body.get_by_text("<img src=x onerror=alert(1)>", exact=False).count() >= 1
    shot(page, "05-claim-approved")

    history = page.locator('[data-testid="stTable"]').filter(has_text="annotation.add").first
    tab(page, "History", history)
    for action in ("annotation.add", "claim.verdict", "claim.status.approved"):
        assert history.get_by_text(action).first.count() == 1, action
    shot(page, "06-claim-history")

    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:has-text('alert(2)')").count() == 0

    for label, name in (("Document reader", "07-reader"), ("Source library", "08-sources"),
                        ("Dashboard", "09-dashboard"), ("Activity & audit", "10-activity")):  # fmt: skip
        page.get_by_role("link", name=label).click()
        page.get_by_role("heading", name=label).first.wait_for(timeout=30_000)
        wait_idle(page)
        shot(page, name)
    page.get_by_role("button", name="Verify the audit chain").click()
    page.get_by_text("audit chain intact").wait_for(timeout=30_000)
    shot(page, "11-verified")

    sign_out(page)
    page.reload()  # signed out means signed out, also after a reload
    page.get_by_label("Username").wait_for(timeout=30_000)
    sign_in(page, server, "root")
    page.get_by_role("link", name="Reviewers & scale").click()
    page.get_by_role("heading", name="Reviewers & verdict scale").wait_for(timeout=30_000)
    wait_idle(page)
    shot(page, "12-admin")
    assert dialogs == []
    context.close()
