"""Scale-out: a batch built on a real Dask cluster gives the same PDFs, manifest and report as a local one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.batch.build import build_many
from conftest import SEED_SPEC

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", host="127.0.0.1"
    ) as local:
        yield local


def make_specs(folder: Path) -> Path:
    (folder / "team").mkdir(parents=True)
    (folder / "seed.yaml").write_bytes(SEED_SPEC.read_bytes())
    (folder / "team" / "seed.yaml").write_bytes(SEED_SPEC.read_bytes().replace(b"Mutual Defense", b"Mutual Defence"))
    (folder / "broken.yaml").write_text("title: Only a title\n")
    return folder


def test_dask_batch_is_byte_identical_to_a_local_build(cluster: Any, tmp_path: Path) -> None:
    specs = make_specs(tmp_path / "specs")
    local = build_many([specs], tmp_path / "local", jobs=1)
    remote = build_many([specs], tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert remote.workers == 2
    assert sorted((o.spec, o.status) for o in remote.outcomes) == sorted((o.spec, o.status) for o in local.outcomes)
    assert remote.failed[0].error == local.failed[0].error
    for outcome in local.built:
        twin = tmp_path / "dask" / outcome.output.relative_to(tmp_path / "local")
        assert twin.read_bytes() == outcome.output.read_bytes()
    again = build_many([specs], tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert [o.status for o in again.outcomes if o.status != "failed"] == ["skipped", "skipped"]
