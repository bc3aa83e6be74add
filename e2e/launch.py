"""Launching a Tauri binary through Debian's WebKitWebDriver with selenium,
and ending everything it started by PID (never by name). Shared by the
pytest fixtures (conftest.py) and `make bench-app` (bench_app.py)."""

import contextlib
import os
import signal
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service


class TauriOptions(Options):
    """WebKitGTK options without `browserName`: selenium sets it to MiniBrowser,
    and WebKitWebDriver then fails to match capabilities for any other binary."""

    def to_capabilities(self) -> dict:
        caps = dict(super().to_capabilities())
        caps.pop("browserName", None)
        return caps


def _stat(pid):
    """The fields of /proc/PID/stat after the command name, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _pids():
    return [int(e) for e in os.listdir("/proc") if e.isdigit()]


def descendants(pid):
    """Every living process below `pid` (children before grandchildren)."""
    children = {}
    for p in _pids():
        fields = _stat(p)
        if fields:
            children.setdefault(int(fields[1]), []).append(p)
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(0), []):
            out.append(child)
            todo.append(child)
    return out


def launched_binary(service, binary):
    """The PID of the process running `binary` that WebKitWebDriver started, or None."""
    for p in descendants(service.pid()):
        try:
            if os.readlink(f"/proc/{p}/exe") == os.path.realpath(binary):
                return p
        except OSError:
            pass
    return None


def threads(pid):
    """The names of process `pid`'s living threads (Linux keeps 15 bytes of each)."""
    out = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                out.append(f.read().strip())
        except OSError:
            pass
    return out


def in_group(pgid):
    """Living processes of process group `pgid` other than its leader.
    WebKitWebDriver is started as a group leader, so this finds the app and
    its WebKit helpers even after the driver died and they were reparented."""
    out = []
    for p in _pids():
        fields = _stat(p)
        if p != pgid and fields and int(fields[2]) == pgid and fields[0] != "Z":
            out.append(p)
    return out


def alive(pid):
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def end(pids, grace=3.0):
    """SIGTERM each pid, then SIGKILL whatever is still alive after `grace`."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.time() + grace
        while time.time() < deadline and any(alive(p) for p in pids):
            time.sleep(0.05)
        if not any(alive(p) for p in pids):
            return


class AppService(Service):
    """WebKitWebDriver in its own process group, noting the PIDs of what it
    launched before it stops, so they can be ended by PID whatever happens."""

    def __init__(self, **kwargs):
        super().__init__(popen_kw={"start_new_session": True}, **kwargs)
        self.seen = set()

    def pid(self):
        process = getattr(self, "process", None)
        return process.pid if process is not None else None

    def note_children(self):
        if self.pid() is not None:
            self.seen.update(descendants(self.pid()))

    def stop(self):
        self.note_children()
        super().stop()


def isolated_env(base):
    """os.environ with HOME, XDG_CONFIG_HOME and XDG_DATA_HOME under `base`
    (a pathlib.Path), and TAURI_WEBVIEW_AUTOMATION=true, without which
    WebKitWebDriver's new session hangs."""
    dirs = {"HOME": base / "home", "XDG_CONFIG_HOME": base / "config", "XDG_DATA_HOME": base / "data"}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true")
    env.update({k: str(v) for k, v in dirs.items()})
    # Cache and state dirs follow HOME when these are unset.
    env.pop("XDG_CACHE_HOME", None)
    env.pop("XDG_STATE_HOME", None)
    return env


# What the binary prints when GTK cannot open the display: it dies before its
# window exists, and WebKitWebDriver then waits for the session for ever. Seen
# twice in some hundreds of launches under xvfb-run, never twice running.
NO_DISPLAY = "Failed to initialize GTK"
# A session takes 1-3 s here; past this something is wrong.
SESSION_TIMEOUT = 60


class LaunchFailed(Exception):
    pass


def _log_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def _session(binary, env, log_path):
    """A new session on `binary`, or LaunchFailed: never a wait without end.
    Until the session exists a watchdog reads the log, and ends WebKitWebDriver's
    whole group if the binary panicked or SESSION_TIMEOUT passed, so that the
    session request fails rather than hangs."""
    service = AppService(env=env, log_output=str(log_path))
    options = TauriOptions()
    options.binary_location = os.path.abspath(binary)
    made = threading.Event()
    why = []

    def watch():
        deadline = time.time() + SESSION_TIMEOUT
        while not made.wait(0.2):
            died = "panicked" in _log_text(log_path)
            if died or time.time() > deadline:
                why.append("it died at launch" if died else f"no session after {SESSION_TIMEOUT} s")
                group = service.pid()
                if group is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(group, signal.SIGKILL)
                return

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    try:
        d = webdriver.WebKitGTK(options=options, service=service)
    except Exception as e:
        made.set()
        watchdog.join()
        group = service.pid()
        if group is not None:
            end(sorted(set(in_group(group)) | {p for p in service.seen if alive(p)}))
        reason = why[0] if why else str(e).strip().splitlines()[0]
        raise LaunchFailed(f"{binary}: {reason}; its log, {log_path}:\n{_log_text(log_path)}") from e
    made.set()
    watchdog.join()
    return d, service


@contextlib.contextmanager
def launched(binary, env, log_path):
    """Starts WebKitWebDriver with `env`, opens a session on `binary` and
    yields (driver, service). Always quits, then ends by PID anything left.
    A binary that could not open the display is launched once more (with its
    own log), and says so on stderr; any other failure to launch fails."""
    try:
        d, service = _session(binary, env, log_path)
    except LaunchFailed as e:
        if NO_DISPLAY not in str(e):
            raise
        print(f"launching again: {e}", file=sys.stderr)
        d, service = _session(binary, env, log_path.with_name(f"{log_path.stem}-again{log_path.suffix}"))
    try:
        service.note_children()
        yield d, service
    finally:
        group = service.pid()
        try:
            d.quit()
        except Exception:
            pass
        leftovers = {p for p in service.seen if alive(p)}
        if group is not None:
            leftovers.update(in_group(group))
        if leftovers:
            end(sorted(leftovers))
