"""pytest fixtures that launch the real Interleave binary through Debian's
WebKitWebDriver, driven by selenium.

Run under a display: `make test-e2e` wraps `python3 -m pytest e2e` in
xvfb-run. The binary is $INTERLEAVE_APP (default target/release/interleave-app),
so the same suite can drive an installed binary.

Every test gets its own WebKitWebDriver and app process, with a fresh HOME,
XDG_CONFIG_HOME and XDG_DATA_HOME, so recent folders and settings never leak
between tests or into the real config dir."""

import os

import pytest

import page
from launch import isolated_env, launched, launched_binary

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.abspath(os.environ.get("INTERLEAVE_APP", os.path.join(ROOT, "target", "release", "interleave-app")))
SHOTS = os.environ.get("INTERLEAVE_SCREENSHOTS", os.path.join(ROOT, "e2e", "screenshots"))
WIDTH, HEIGHT = 1280, 720


@pytest.fixture(scope="session", autouse=True)
def _preconditions():
    if not os.environ.get("DISPLAY"):
        pytest.exit("no DISPLAY: run the e2e suite under xvfb-run (`make test-e2e`)", returncode=2)
    if not os.access(APP, os.X_OK):
        pytest.exit(f"missing {APP}: run `make app` first, or point INTERLEAVE_APP at an installed binary", returncode=2)
    os.makedirs(SHOTS, exist_ok=True)


@pytest.fixture
def app_env(tmp_path):
    """The environment the app runs with: its own HOME and XDG dirs."""
    return isolated_env(tmp_path)


@pytest.fixture
def driver(app_env, tmp_path):
    """A freshly launched app, as a selenium WebDriver. Always quits; anything
    the driver leaves behind is ended by PID (see launch.py)."""
    with launched(APP, app_env, tmp_path / "webkitwebdriver.log") as (d, service):
        d.set_script_timeout(30)
        # For the tests that look at the app's own threads.
        d.app_pid = launched_binary(service, APP)
        yield d


@pytest.fixture
def app(driver):
    """The app once its first timeline, lost update under no protection, is drawn."""
    page.wait(driver, lambda: page.ready(driver, "builtin:lost-update.toml", "none"), 30, "the first timeline (lost update)")
    return driver


@pytest.fixture
def shot():
    """Saves a screenshot of the window as e2e/screenshots/NAME.png."""

    def take(d, name):
        return page.screenshot(d, os.path.join(SHOTS, f"{name}.png"))

    return take
