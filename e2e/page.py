"""Small helpers over a selenium WebDriver for Interleave's page: reads by
data-testid and data-* attributes, clicks, keys, waits and screenshots."""

import struct
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

READY = '[data-testid=timeline][data-ready="true"]'


def ready(d, scenario=None, strategy=None):
    """Whether a timeline is drawn, for this scenario and strategy if given."""
    sel = READY
    if scenario:
        sel += f'[data-scenario="{scenario}"]'
    if strategy:
        sel += f'[data-strategy="{strategy}"]'
    return count(d, sel) > 0


def count(d, css):
    return len(d.find_elements(By.CSS_SELECTOR, css))


def text(d, css):
    """textContent of the first match, or None."""
    return d.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css)


def js(d, script, *args):
    return d.execute_script(script, *args)


def js_async(d, script, *args):
    return d.execute_async_script(script, *args)


def click(d, css):
    els = d.find_elements(By.CSS_SELECTOR, css)
    assert els, f"no element {css}"
    els[0].click()


def click_svg(d, css):
    """WebKitWebDriver will not click SVG groups; dispatch real pointer events instead."""
    ok = d.execute_script(
        """const e = document.querySelector(arguments[0]); if (!e) return false;
        const r = e.getBoundingClientRect(); const o = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
        for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) e.dispatchEvent(new MouseEvent(t, o));
        return true;""",
        css,
    )
    assert ok, f"no element {css}"


def key(d, value, modifier=None):
    """Presses a key on the page (with a modifier held, if given), then releases every input."""
    chain = ActionChains(d)
    if modifier:
        chain.key_down(modifier)
    chain.key_down(value).key_up(value)
    if modifier:
        chain.key_up(modifier)
    chain.perform()
    chain.reset_actions()


def set_theme(d, theme):
    """Presses the header's theme button and waits for the page to take `theme`."""
    click(d, "[data-testid=theme-toggle]")
    wait(d, lambda: js(d, "return document.documentElement.dataset.theme") == theme, 5, f"the {theme} theme")


def wait(d, predicate, timeout=10.0, what="condition"):
    """Polls `predicate` until it is truthy. The timeout only bounds a hang;
    nothing here judges how fast the app is."""
    return WebDriverWait(d, timeout, poll_frequency=0.02).until(lambda _: predicate(), f"waiting for {what}")


def frames(d, n=2):
    """Waits for `n` animation frames, so the page shows its current state."""
    js_async(
        d,
        """const done = arguments[arguments.length - 1]; let n = arguments[0];
        const tick = () => (--n <= 0 ? done(true) : requestAnimationFrame(tick)); requestAnimationFrame(tick);""",
        n,
    )


def png_size(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", png[16:24])


def screenshot(d, path):
    # Two animation frames, so the shot shows the current frame, not the previous one.
    frames(d, 2)
    # WebKit paints scrollable panels in tiles a little after the frame; without
    # this pause a shot can show them empty.
    time.sleep(0.5)
    png = d.get_screenshot_as_png()
    with open(path, "wb") as f:
        f.write(png)
    return png
