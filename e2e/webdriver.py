"""A minimal W3C WebDriver client on the Python standard library, enough to
drive the real Interleave binary through WebKitWebDriver."""

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    """Starts WebKitWebDriver, opens sessions on the app binary, and cleans up
    by PID (never by name)."""

    def __init__(self, binary):
        self.binary = os.path.abspath(binary)
        self.port = free_port()
        env = dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true")
        self.proc = subprocess.Popen(
            ["WebKitWebDriver", f"--port={self.port}", "--host=127.0.0.1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                self.request("GET", "/status")
                return
            except Exception:
                time.sleep(0.05)
        raise WebDriverError("WebKitWebDriver did not start")

    def request(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise WebDriverError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from None

    def session(self):
        caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": self.binary, "args": []}}}}
        value = self.request("POST", "/session", caps)
        return Session(self, value["sessionId"])

    def app_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def quit(self):
        for pid in self.app_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Session:
    def __init__(self, driver, sid):
        self.d = driver
        self.sid = sid
        self.pids = driver.app_pids()

    def cmd(self, method, path, body=None):
        return self.d.request(method, f"/session/{self.sid}{path}", body)

    def close(self):
        try:
            self.cmd("DELETE", "")
        except Exception:
            pass
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def find_all(self, css):
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def count(self, css):
        return self.js("return document.querySelectorAll(arguments[0]).length", css)

    def text(self, css):
        return self.js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css)

    def attr(self, css, name):
        return self.js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name)

    def click(self, css):
        els = self.find_all(css)
        if not els:
            raise WebDriverError(f"no element {css}")
        self.cmd("POST", f"/element/{els[0]}/click", {})

    def click_svg(self, css):
        """WebKitWebDriver will not click SVG groups; dispatch real pointer events instead."""
        ok = self.js("""const e = document.querySelector(arguments[0]); if (!e) return false;
            const r = e.getBoundingClientRect(); const o = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
            for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) e.dispatchEvent(new MouseEvent(t, o));
            return true;""", css)
        if not ok:
            raise WebDriverError(f"no element {css}")

    def key(self, value, modifier=None):
        acts = [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
        if modifier:
            acts = [{"type": "keyDown", "value": modifier}] + acts + [{"type": "keyUp", "value": modifier}]
        self.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": acts}]})
        self.cmd("DELETE", "/actions")

    def wait(self, predicate, timeout=5.0, what="condition"):
        start = time.time()
        while True:
            value = predicate()
            if value:
                return time.time() - start
            if time.time() - start > timeout:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            time.sleep(0.02)

    def screenshot(self, path):
        # Two animation frames, so the shot shows the current frame, not the previous one.
        self.js_async("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)))")
        # WebKit paints scrollable panels in tiles a little after the frame; without
        # this pause a shot can show them empty.
        time.sleep(0.5)
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return path
