"""Charts as PNG for slides and briefs: one warm Kaleido (headless Chromium) session per process.

kaleido's global sync server waits forever when Chromium fails to start, so the session is kept
here instead: every call has a timeout and failures surface as `ChartError` — a deck never
silently loses its charts.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from concurrent.futures import Future

import plotly.graph_objects as go

from analytics.board._palette import CHART_FONT, INK


class ChartError(RuntimeError):
    """A chart could not be rendered (Kaleido or Chromium missing or failing)."""


class _Renderer:
    """One warm Kaleido session (a headless Chromium) on its own event loop, with timeouts.

    kaleido's global sync server waits forever when Chromium fails to start, so the session is
    kept here instead: every call has a timeout and failures surface as ChartError."""

    OPEN_TIMEOUT = 60.0
    RENDER_TIMEOUT = 60.0

    def __init__(self) -> None:
        try:
            import kaleido
        except ImportError as err:  # pragma: no cover - kaleido is a pinned requirement
            raise ChartError("charts need the kaleido package (pip install 'kaleido>=1')") from err
        self._kaleido_module = kaleido
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="heartbeat-kaleido")
        self._thread.start()
        try:
            self._session = self._run(self._open(), self.OPEN_TIMEOUT)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    async def _open(self):
        session = self._kaleido_module.Kaleido(n=1)
        await session.open()
        return session

    def _run(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError as err:
            future.cancel()
            raise ChartError(f"Chromium did not answer within {timeout:.0f} s while rendering a "
                             "chart (kaleido)") from err
        except ChartError:
            raise
        except Exception as err:
            raise ChartError(_chart_failure(err)) from err

    def png(self, figure: go.Figure, width: int, height: int, scale: float) -> bytes:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        return self._run(self._session.calc_fig(figure.to_dict(), opts=opts), self.RENDER_TIMEOUT)

    def close(self) -> None:
        try:
            self._run(self._session.close(), 10)
        except ChartError:
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)


def _chart_failure(err: Exception) -> str:
    name = type(err).__name__
    if "ChromeNotFound" in name or "chrome" in str(err).lower() and "not" in str(err).lower():
        return ("charts need Chromium for kaleido, and none was found: install it (Debian: "
                "apt-get install chromium) or point BROWSER_PATH at a Chrome/Chromium binary "
                f"({name}: {str(err).strip().splitlines()[0] if str(err).strip() else ''})")
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"kaleido could not render a chart ({name}: {first})"


_SESSION: Future | None = None  # resolves to the warm _Renderer


_SESSION_LOCK = threading.Lock()


def warm_up() -> Future:
    """Start the chart session (Chromium, ~2–3 s) in the background, so it opens while the
    figures are computed; returns its future. A no-op once started."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is not None:
            return _SESSION
        future: Future = Future()
        _SESSION = future

    def start() -> None:
        try:
            future.set_result(_Renderer())
        except BaseException as err:  # handed to whoever waits for the session
            future.set_exception(err)

    threading.Thread(target=start, daemon=True, name="heartbeat-kaleido-start").start()
    return future


def _drop(future: Future) -> None:
    """Forget a session that failed, so the next chart starts a fresh one."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is future:
            _SESSION = None


@atexit.register
def _close_session() -> None:
    future = _SESSION
    if future is not None and future.done() and future.exception() is None:
        future.result().close()


def chart_png(figure: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """PNG bytes of a plotly figure (width × height CSS pixels × scale), from the warm session.
    Raises ChartError when Kaleido/Chromium cannot render it."""
    future = warm_up()
    try:
        renderer = future.result()
    except BaseException:
        _drop(future)
        raise
    try:
        data = renderer.png(figure, width, height, scale)
    except ChartError:
        _drop(future)
        threading.Thread(target=renderer.close, daemon=True).start()
        raise
    if not data or not data.startswith(b"\x89PNG"):
        raise ChartError("kaleido returned no PNG for a chart")
    return data


def projector_style(figure: go.Figure, width: int, height: int, font_size: int) -> go.Figure:
    """The app's chart restyled for a slide or a printed page: fixed size, larger type."""
    figure.update_layout(width=width, height=height, font=dict(family=CHART_FONT, size=font_size,
                                                               color=INK),
                         margin=dict(l=10, r=20, t=16, b=10))
    figure.update_xaxes(tickfont=dict(size=font_size - 2))
    figure.update_yaxes(tickfont=dict(size=font_size - 2), title_font=dict(size=font_size - 2))
    return figure
