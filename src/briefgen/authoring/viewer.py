"""Open a PDF in the system's viewer, for ``briefgen watch --open``: a path in, the viewer started (or why not) out.

The viewer is whatever the desktop opens PDFs with: ``open`` on macOS,
``start`` (through ``cmd``) on Windows, ``xdg-open`` elsewhere. It is started
detached, its output discarded, and never waited for: the watch goes on.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path


def opener_command(path: Path, platform: str = sys.platform) -> list[str]:
    """Return the command that opens ``path`` in the system's viewer on ``platform``."""
    if platform == "darwin":
        return ["open", str(path)]
    if platform == "win32":
        return ["cmd", "/c", "start", "", str(path)]  # start is cmd's own; "" is the window's title
    return ["xdg-open", str(path)]


def open_in_viewer(path: Path) -> str:
    """Start the system's viewer on ``path``; return "" or why it could not be started."""
    command = opener_command(path)
    program = shutil.which(command[0])
    if program is None:
        return f"cannot open {path}: '{command[0]}' is not installed; open it yourself"
    try:
        viewer = subprocess.Popen(
            [program, *command[1:]],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"cannot open {path}: {exc.strerror or exc}"
    # Reaped in the background: the watch never waits for the viewer, nor leaves it a zombie.
    threading.Thread(target=viewer.wait, daemon=True).start()
    return ""


def open_each_once(
    report: Callable[[str], None], opener: Callable[[Path], str] = open_in_viewer
) -> Callable[[Path], None]:
    """Return a callback that opens each PDF it is given the first time only (rebuilds leave the viewer be)."""
    opened: set[Path] = set()

    def on_built(pdf: Path) -> None:
        key = pdf.resolve()
        if key in opened:
            return
        opened.add(key)
        problem = opener(pdf)
        if problem:
            report(f"warning: {problem}")

    return on_built
