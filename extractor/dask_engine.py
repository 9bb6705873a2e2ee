"""`extractor run --engine dask`: the same per-article function on a Dask cluster.

Files are sent in batches (one task per file costs ~1.7 ms of scheduling, PERF.md); each batch becomes
one JSONL partition ``OUTDIR/part-NNNNN.jsonl``, written whole through a temporary name and renamed, so a
partition on disk is always complete. Partitions concatenated in name order equal a local run's output.
Dask is an optional extra (``pip install extractor[dask]``) imported only here.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from .pipeline import iter_txt_files
from .runner import file_record

log = logging.getLogger("extractor")
BATCH = 64


def process_batch(paths: list[str], max_bytes: int | None) -> list[tuple[str | None, str]]:
    """(error or None, JSON line) for a batch of files: the local run's per-file function, on a worker."""
    return [file_record(p, max_bytes) for p in paths]


def _write_partition(outdir: Path, index: int, lines: list[str]) -> None:
    final = outdir / f"part-{index:05d}.jsonl"
    tmp = final.with_suffix(".jsonl.tmp")
    tmp.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", "backslashreplace"))
    os.replace(tmp, final)


def run_dask(paths: list[str], outdir: str, *, scheduler: str | None = None, workers: int = 0,
             max_bytes: int | None = None, batch: int = BATCH, force: bool = False) -> int:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        log.error("--engine dask needs Dask: pip install 'extractor[dask]'")
        return 2
    out = Path(outdir)
    if out.exists() and any(out.glob("part-*.jsonl")) and not force:
        log.error("%s already holds partitions: pass --force to replace them", outdir)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.jsonl"):
        old.unlink()
    files = [str(p) for p in iter_txt_files(paths)]
    batches = [files[i:i + batch] for i in range(0, len(files), batch)]
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    ok = failed = 0
    try:
        futures = {client.submit(process_batch, b, max_bytes, pure=False): i for i, b in enumerate(batches)}
        for future in as_completed(futures):
            results = future.result()  # a worker's exception surfaces here: never swallowed
            _write_partition(out, futures[future], [line for _, line in results])
            for error, _ in results:
                if error:
                    failed += 1
                    log.error(error)
                else:
                    ok += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        log.error("%s: no such file or directory", p)
    failed += len(missing)
    log.info("%d articles extracted, %d failed, %d partitions in %s", ok, failed, len(batches), outdir)
    return 1 if failed else 0
