"""Remember what was printed: a job sent in, ``output/.briefgen-print-log.json`` out.

Input: each job ``print`` sends (the file's SHA-256, the queue, the options,
the CUPS job id). Output: the print log in the output folder, written to the
disk before the next job is sent, so that a batch interrupted half-way and
run again sends only what it had not sent: the same bytes to the same queue
with the same options are found in the log under their job id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from briefgen.batch.output import write_atomically
from briefgen.records import record

LOG_NAME = ".briefgen-print-log.json"
_VERSION = 1


@record
class LoggedJob:
    """One job CUPS accepted: what was sent where, and its id."""

    sha256: str
    printer: str
    options: str  # the job's options, sorted, as "copies=2 media=A4 sides=two-sided-long-edge"
    job_id: int
    file: str

    @property
    def key(self) -> tuple[str, str, str]:
        """Return what makes two jobs the same job: the bytes, the queue and the options."""
        return self.sha256, self.printer, self.options


def file_digest(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes, as the log records it."""
    return hashlib.sha256(data).hexdigest()


def options_text(options: dict[str, str]) -> str:
    """Return a job's options as one stable line: sorted ``key=value`` words."""
    return " ".join(f"{key}={options[key]}" for key in sorted(options))


class PrintLog:
    """The print log of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOG_NAME
        self.unreadable = ""
        self._jobs: dict[tuple[str, str, str], LoggedJob] = {}
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            for job in record.get("jobs", []):
                logged = LoggedJob(
                    str(job["sha256"]), str(job["printer"]), str(job["options"]), int(job["job_id"]), str(job["file"])
                )
                self._jobs[logged.key] = logged
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # Say so: without the log, a file printed before would be printed again.
            self.unreadable = f"{self.path}: cannot read the print log ({exc}); it is started afresh"

    def find(self, sha256: str, printer: str, options: str) -> LoggedJob | None:
        """Return the job that already sent these bytes to ``printer`` with ``options``, if any."""
        return self._jobs.get((sha256, printer, options))

    def record(self, job: LoggedJob) -> None:
        """Add ``job`` and write the log to the disk at once (an interruption must not lose it)."""
        self._jobs[job.key] = job
        jobs = [asdict(logged) for logged in sorted(self._jobs.values(), key=lambda logged: logged.job_id)]
        text = json.dumps({"version": _VERSION, "jobs": jobs}, indent=1, ensure_ascii=False) + "\n"
        write_atomically(self.path, text.encode("utf-8"), durable=True)

    def forget(self, job: LoggedJob) -> None:
        """Drop ``job`` from memory, when CUPS says it never printed (it is rewritten on the next record)."""
        self._jobs.pop(job.key, None)
