"""`make bench-app`: how fast the real app starts, redraws and how much memory
it holds, against a blank Tauri 2 window (src-tauri/examples/blank_window.rs) built in the same
run. Run under a display (the Makefile wraps it in xvfb-run).

For each binary, RUNS launches (BENCH_RUNS, default 5), alternating app and
blank, each with its own HOME and XDG dirs, through WebKitWebDriver:

- launch: from the process start (/proc/PID/stat starttime, on the boot
  clock) to the absolute time the page records when its first timeline is
  drawn (`data-ready-at`, performance.timeOrigin + performance.now());
- PSS: Pss from /proc/PID/smaps_rollup summed over the app and its WebKit
  child processes, read after the first draw and IDLE seconds of idling;
- save to redraw (app only): a scenario file in an opened folder is edited,
  timed from just before the write to the `data-ready-at` of the redrawn
  timeline showing the new value.

Prints min, median and max of each, and the ratios app/blank."""

import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page  # noqa: E402
from launch import descendants, isolated_env, launched  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.environ.get("INTERLEAVE_APP", os.path.join(ROOT, "target", "release", "interleave-app"))
BLANK = os.environ.get("BLANK_WINDOW", os.path.join(ROOT, "target", "release", "examples", "blank_window"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
IDLE = float(os.environ.get("BENCH_IDLE", "2"))
SAVES = 3  # saves timed per app launch
TICKS = os.sysconf("SC_CLK_TCK")


def boot_epoch():
    """The wall-clock time of boot, to 1 ms or so. /proc/stat's btime is the
    same instant rounded down to a whole second, which would shift every start
    by up to 1 s; it is only used to check this."""
    epoch = time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)
    with open("/proc/stat") as f:
        btime = next(int(line.split()[1]) for line in f if line.startswith("btime "))
    assert abs(epoch - btime) < 2, (epoch, btime)
    return epoch


def start_time(pid):
    """When `pid` started, in seconds since the epoch: starttime (field 22 of
    /proc/PID/stat, clock ticks since boot) + the boot time."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return boot_epoch() + int(fields[19]) / TICKS


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def app_pid(service):
    """The binary WebKitWebDriver launched: its one child."""
    driver = service.pid()
    kids = [p for p in descendants(driver) if ppid(p) == driver]
    assert len(kids) == 1, f"WebKitWebDriver has children {kids}"
    return kids[0]


def ppid(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def ready_at(d):
    v = page.js(d, "const e = document.querySelector('[data-ready-at]'); return e ? e.dataset.readyAt : null")
    return float(v) / 1000 if v else None


def one_launch(binary, is_app, work):
    env = isolated_env(work)
    out = {}
    with launched(binary, env, work / "webkitwebdriver.log") as (d, service):
        d.set_script_timeout(30)
        pid = app_pid(service)
        started = start_time(pid)
        if is_app:
            page.wait(d, lambda: page.ready(d, "builtin:lost-update.toml", "none"), 30, "the first timeline")
        drawn = page.wait(d, lambda: ready_at(d), 30, "data-ready-at")
        out["launch"] = drawn - started
        # Where the time went: before the page started loading, and after.
        out["page"] = drawn - page.js(d, "return performance.timeOrigin") / 1000
        time.sleep(IDLE)
        procs = [pid] + descendants(pid)
        out["pss"] = sum(pss_kib(p) for p in procs) / 1024
        out["procs"] = len(procs)
        if is_app:
            out["redraw"] = save_to_redraw(d, work)
    return out


def save_to_redraw(d, work):
    folder = work / "scenarios"
    folder.mkdir()
    path = folder / "lost-update.toml"
    shutil.copy(os.path.join(ROOT, "fixtures", "lost-update.toml"), path)
    original = path.read_text()
    assert "balance + 50" in original
    ok = page.js_async(d, "const done = arguments[arguments.length - 1]; window.__interleave.openFolder(arguments[0]).then(() => done(true), e => done(String(e)))", str(folder))
    assert ok is True, ok
    item = '[data-testid=scenario-item][data-id="folder:lost-update.toml"]'
    page.wait(d, lambda: page.count(d, item) == 1, 10, "the folder's scenario")
    page.click(d, item)
    page.wait(d, lambda: page.ready(d, "folder:lost-update.toml", "none"), 10, "the folder scenario's timeline")
    # Steps after the playhead are placeholders: show the whole run (W), so
    # the redraw is seen in Alice's saved value.
    page.key(d, "w")
    page.wait(d, lambda: "balance = 150" in timeline_text(d), 10, "the whole run")
    times = []
    for i in range(SAVES):
        amount = 60 + 10 * i
        time.sleep(0.5)  # the watcher settles; the page is idle
        before = ready_at(d)
        t0 = time.time()
        path.write_text(original.replace("balance + 50", f"balance + {amount}"))
        # Under `none` Alice's box shows what she sent: 100 + amount.
        page.wait(d, lambda: ready_at(d) != before and f"balance = {100 + amount}" in timeline_text(d), 10, "the redraw")
        times.append(ready_at(d) - t0)
    return times


def timeline_text(d):
    """The drawn timeline's text, whitespace collapsed: its step boxes show the SQL each step sent."""
    return " ".join((page.text(d, "[data-testid=timeline]") or "").split())


def stats(xs):
    return min(xs), statistics.median(xs), max(xs)


def row(name, xs, fmt):
    lo, mid, hi = stats(xs)
    return f"  {name:<34} {fmt.format(lo):>9} {fmt.format(mid):>9} {fmt.format(hi):>9}"


def main():
    for b in (APP, BLANK):
        if not os.access(b, os.X_OK):
            print(f"missing {b}: `make bench-app` builds both")
            return 2
    if not os.environ.get("DISPLAY"):
        print("no DISPLAY: run under xvfb-run (`make bench-app`)")
        return 2
    results = {"app": [], "blank": []}
    with tempfile.TemporaryDirectory(prefix="interleave-bench-") as tmp:
        for run in range(RUNS):
            for name, binary in (("app", APP), ("blank", BLANK)):
                work = pathlib.Path(tmp) / f"{name}-{run}"
                work.mkdir()
                r = one_launch(binary, name == "app", work)
                results[name].append(r)
                extra = f", redraw {' '.join(f'{t * 1000:.0f}' for t in r['redraw'])} ms" if "redraw" in r else ""
                print(f"run {run + 1}/{RUNS} {name:<5}: launch {r['launch'] * 1000:.0f} ms (page {r['page'] * 1000:.0f} ms of it), PSS {r['pss']:.1f} MiB over {r['procs']} processes{extra}", flush=True)

    app, blank = results["app"], results["blank"]
    print()
    print(f"{RUNS} launches each, under Xvfb through WebKitWebDriver      min    median       max")
    print("Interleave (" + os.path.relpath(APP, ROOT) + ")")
    print(row("launch to first timeline (ms)", [r["launch"] * 1000 for r in app], "{:.0f}"))
    print(row("save to redraw (ms)", [t * 1000 for r in app for t in r["redraw"]], "{:.0f}"))
    print(row("PSS idle after first draw (MiB)", [r["pss"] for r in app], "{:.1f}"))
    print("blank Tauri 2 window (" + os.path.relpath(BLANK, ROOT) + ")")
    print(row("launch to first draw (ms)", [r["launch"] * 1000 for r in blank], "{:.0f}"))
    print(row("PSS idle after first draw (MiB)", [r["pss"] for r in blank], "{:.1f}"))
    print("ratio app/blank (min/min, median/median, max/max)")
    for name, key in (("launch", "launch"), ("PSS", "pss")):
        a, b = stats([r[key] for r in app]), stats([r[key] for r in blank])
        print(f"  {name:<34} " + " ".join(f"{x / y:>8.2f}x" for x, y in zip(a, b)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
