"""Fixtures for the print tests: a real CUPS server of their own, and the client to reach it with."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from helpers_cups import CupsServer, cups_server_fixture

PYCUPS_MISSING = "pycups is not installed (pip install 'briefgen[print]'; it builds with gcc and libcups2-dev)"


_session_server = pytest.fixture(scope="session", name="session_cups_server")(cups_server_fixture)


@pytest.fixture
def cups_server(session_cups_server: CupsServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[CupsServer]:
    """A private cupsd (one per session) with no queues yet, which every CUPS client of the test talks to."""
    monkeypatch.setenv("CUPS_SERVER", session_cups_server.address)
    monkeypatch.delenv("PRINTER", raising=False)
    monkeypatch.delenv("LPDEST", raising=False)
    yield session_cups_server
    session_cups_server.reset()


@pytest.fixture(params=["pycups", "lp"])
def client(request: pytest.FixtureRequest) -> str:
    """Each way briefgen talks to CUPS: pycups, and the lp tools it falls back on."""
    if request.param == "pycups" and importlib.util.find_spec("cups") is None:
        pytest.skip(PYCUPS_MISSING)
    return str(request.param)
