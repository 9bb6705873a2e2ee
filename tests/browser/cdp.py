"""Drive headless Chromium from the standard library: the DevTools protocol over ``--remote-debugging-pipe``.

Chromium reads commands from fd 3 and writes replies and events to fd 4, each a JSON message ended by a
NUL byte; no websocket, no port, no extra package. Used by tests/test_review.py, and runnable to take a
screenshot of any page::

    python -m tests.browser.cdp review.html docs/review.png --hash 'a=ID&i=3' --size 1440x900
"""
from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page attached; ``with Browser() as b: b.open(url)``."""

    def __init__(self, exe: str | None = None, width: int = 1440, height: int = 900, timeout: float = 30.0):
        exe = exe or find_chromium()
        if not exe:
            raise FileNotFoundError("no chromium on PATH")
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="extractor-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: its fd 3 reads our commands, its fd 4 writes its replies
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict] = []
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Page.enable", session=True)
            self.call("Runtime.enable", session=True)  # reports uncaught exceptions
            self.call("Network.enable", session=True)  # reports every request the page makes
            self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                      deviceScaleFactor=1, mobile=False)
        except BaseException:
            self.close()
            raise

    # -- protocol -------------------------------------------------------------------------------
    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise CDPError("chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise CDPError("chromium closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: bool = False, **params):
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._to_child, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for n, ev in enumerate(self.events):
                if ev.get("method") == method:
                    return self.events[n]
            self.events.append(self._read(deadline))

    # -- page -----------------------------------------------------------------------------------
    def seen(self, method: str) -> list[dict]:
        """The params of every event ``method`` received so far (events are read while waiting for replies)."""
        self.eval("0")  # flush: events sent before this reply are read
        return [ev.get("params", {}) for ev in self.events if ev.get("method") == method]

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")
        self.eval("document.fonts.ready.then(() => true)")

    def eval(self, expression: str):
        """The value of a JavaScript expression in the page (promises awaited)."""
        res = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                        awaitPromise=True)
        if "exceptionDetails" in res:
            raise CDPError(f"{expression[:60]}: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def wait_for(self, condition: str, seconds: float = 5.0) -> bool:
        """Poll a JavaScript condition until it holds (True) or ``seconds`` pass (False)."""
        return self.eval(f"new Promise(done => {{ const t0 = performance.now(); (function poll() {{"
                         f" if ({condition}) done(true); else if (performance.now() - t0 > {seconds * 1000}) done(false);"
                         f" else setTimeout(poll, 20); }})(); }})")

    def click(self, x: float, y: float) -> None:
        """A real left click at viewport coordinates: move, press, release."""
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def center(self, selector: str, scroll: bool = True) -> tuple[float, float]:
        """Viewport centre of the first element matching ``selector`` (scrolled into view first)."""
        x, y = self.eval(f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
                         f" {'el.scrollIntoView({block: `center`});' if scroll else ''} const r = el.getBoundingClientRect();"
                         " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        return x, y

    def hover(self, selector: str, scroll: bool = True) -> None:
        x, y = self.center(selector, scroll)
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)

    def click_on(self, selector: str) -> None:
        self.click(*self.center(selector))

    def screenshot(self, path: str | Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.call("Browser.close")
            except (CDPError, OSError):
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main() -> None:
    p = argparse.ArgumentParser(description="screenshot a page with headless chromium")
    p.add_argument("page")
    p.add_argument("png")
    p.add_argument("--hash", default="", help="URL fragment to open, e.g. 'a=ID&i=3'")
    p.add_argument("--size", default="1440x900")
    p.add_argument("--eval", default="", help="JavaScript to run before the shot (e.g. scroll)")
    p.add_argument("--hover", default="", help="CSS selector of an element to hover over")
    args = p.parse_args()
    w, h = map(int, args.size.split("x"))
    with Browser(width=w, height=h) as b:
        b.open(Path(args.page).resolve().as_uri() + (f"#{args.hash}" if args.hash else ""))
        if args.eval:
            b.eval(args.eval)
        if args.hover:
            b.hover(args.hover, scroll=False)
        print(b.screenshot(args.png))


if __name__ == "__main__":
    main()
