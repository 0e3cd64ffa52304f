"""The one scoring process of background enrichment: `score_texts` run in a child Python.

The child is started as `python -c "...; _serve()"` at the lowest priority (nice 19), so
nothing of the server is copied into it (multiprocessing's "spawn" would re-run whatever module
is `__main__` at that instant: inside a Streamlit server, often the app's script). Requests and
answers are pickles with an 8-byte length, over the child's stdin and stdout; one request at a
time. A child that died is replaced on the next request.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path

from analytics.voices._enrich import score_texts

ROOT = Path(__file__).resolve().parents[2]
_HEADER = struct.Struct("<Q")
_CHILD = "from analytics.voices._scorer import _serve; _serve()"


class ScorerFailed(RuntimeError):
    """The scoring process ended or answered nothing."""


def _read(stream, size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) != size:
        raise ScorerFailed("the scoring process stopped")
    return data


class ScoringProcess:
    """`score(texts, themes)` answered by the child; thread-safe, one request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def _child(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
            self._process = subprocess.Popen([sys.executable, "-c", _CHILD], cwd=ROOT, env=env,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             preexec_fn=lambda: os.nice(19))
        return self._process

    def score(self, texts: list, themes: tuple):
        with self._lock:
            child = self._child()
            request = pickle.dumps((texts, themes), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                child.stdin.write(_HEADER.pack(len(request)) + request)
                child.stdin.flush()
                size = _HEADER.unpack(_read(child.stdout, _HEADER.size))[0]
                return pickle.loads(_read(child.stdout, size))
            except (OSError, ScorerFailed) as err:
                child.kill()
                raise ScorerFailed(f"the scoring process stopped ({err})") from err

    def close(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.stdin.close()
                self._process.wait(timeout=10)


def _serve() -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while header := requests.read(_HEADER.size):
        texts, themes = pickle.loads(_read(requests, _HEADER.unpack(header)[0]))
        answer = pickle.dumps(score_texts(texts, themes), protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(_HEADER.pack(len(answer)) + answer)
        answers.flush()
