"""A throwaway CUPS server for the print tests: its own cupsd on 127.0.0.1, a free port, a temp folder.

Input: nothing but Debian's `cups` package (cupsd, lpadmin, cupsdisable, cupsreject...).
Output: a running scheduler whose address goes into `CUPS_SERVER` (or pycups
`cups.setServer`), virtual printers whose backend writes every job it receives
(the exact bytes and the job's options) into a folder, and helpers to read them back.

    with CupsServer() as server:
        server.add_printer("office")              # PPD with PageSize A4/Letter and Duplex
        server.add_printer("raw-queue", ppd=None)  # a raw queue
        subprocess.run(["lp", "-h", server.address, "-d", "office", "brief.pdf"], check=True)
        (job,) = server.wait_for_jobs("office", 1)
        assert job.data == Path("brief.pdf").read_bytes()
        assert job.options["sides"] == "two-sided-long-edge"

Why a backend of our own: cupsd runs backends from `ServerBin/backend`, so the
configuration gets its own ServerBin (symlinks to Debian's filters, daemons and
backends, plus `capture`). A raw queue with a `file:` device URI accepts jobs but
writes nothing here, and Debian's cups-pdf re-renders the file (the bytes differ).
cupsd refuses to run filters as root, so when we are root, cups-files.conf names
the unprivileged `lp` user, and the capture folders belong to it.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

SYSTEM_SERVER_BIN = Path("/usr/lib/cups")


def find_tool(name: str) -> str | None:
    """cupsd, lpadmin, cupsenable... live in /usr/sbin, which a non-root PATH may lack."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")


def find_cupsd() -> str | None:
    return find_tool("cupsd")


def _backend_python() -> str:
    """Return a Python the unprivileged user can run: the system's, rather than a venv under a private home."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    return os.path.realpath(sys.executable)


SYSTEM_DATA_DIR = Path("/usr/share/cups")
BACKEND_NAME = "capture"

# The backend: runs as the unprivileged user; argv is the CUPS backend interface
# (job-id user title copies options [file]); the device URI names the folder.
BACKEND_SOURCE = r'''#!{python}
"""CUPS backend: write each job's bytes and options into the folder of the device URI."""
import json, os, shutil, sys

def main() -> int:
    if len(sys.argv) == 1:  # device discovery (lpinfo -v): announce the scheme
        print('file capture "Unknown" "Write jobs to a folder (tests)"')
        return 0
    if len(sys.argv) not in (6, 7):
        print("Usage: capture job-id user title copies options [file]", file=sys.stderr)
        return 1
    job_id, user, title, copies, options = sys.argv[1:6]
    uri = os.environ.get("DEVICE_URI", "")
    folder = uri.split(":", 1)[1] if ":" in uri else ""
    if not folder.startswith("/"):
        print(f"ERROR: capture backend needs capture:/absolute/folder, got {uri!r}", file=sys.stderr)
        return 1  # CUPS_BACKEND_FAILED
    stem = os.path.join(folder, f"job-{int(job_id):05d}")
    with open(stem + ".data.part", "wb") as out:
        if len(sys.argv) == 7:
            with open(sys.argv[6], "rb") as src:
                shutil.copyfileobj(src, out)
        else:
            shutil.copyfileobj(sys.stdin.buffer, out)
    os.replace(stem + ".data.part", stem + ".data")
    keep = ("PRINTER", "CONTENT_TYPE", "FINAL_CONTENT_TYPE", "DEVICE_URI", "PPD", "CHARSET")
    record = {
        "job_id": int(job_id),
        "user": user,
        "title": title,
        "copies": int(copies),
        "options": options,
        "file_argument": sys.argv[6] if len(sys.argv) == 7 else None,
        "env": {key: os.environ[key] for key in keep if key in os.environ},
        "uid": os.getuid(),
    }
    with open(stem + ".json.part", "w", encoding="utf-8") as out:
        json.dump(record, out, indent=1)
    os.replace(stem + ".json.part", stem + ".json")  # last: its presence means "job complete"
    print(f"INFO: captured job {job_id} into {stem}.data", file=sys.stderr)
    return 0

sys.exit(main())
'''

# A PPD whose only "filter" is the pass-through "-": a PDF reaches the backend
# byte for byte, while PageSize and Duplex make CUPS accept media= and sides=.
PPD_TEMPLATE = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "CAPTURE.PPD"
*Manufacturer: "Test"
*Product: "(Capture)"
*ModelName: "Capture printer"
*ShortNickName: "Capture printer"
*NickName: "Capture printer (writes jobs to a folder)"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: True
*DefaultColorSpace: RGB
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsVersion: 2.4
*cupsManualCopies: False
*cupsFilter2: "application/pdf application/pdf 0 -"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: {default_media}
{page_sizes}
*CloseUI: *PageSize
*OpenUI *PageRegion/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: {default_media}
{page_regions}
*CloseUI: *PageRegion
*DefaultImageableArea: {default_media}
{imageable_areas}
*DefaultPaperDimension: {default_media}
{paper_dimensions}
*OpenUI *Duplex/2-Sided Printing: PickOne
*OrderDependency: 10 AnySetup *Duplex
*DefaultDuplex: None
*Duplex None/Off: "<</Duplex false>>setpagedevice"
*Duplex DuplexNoTumble/Long Edge: "<</Duplex true/Tumble false>>setpagedevice"
*Duplex DuplexTumble/Short Edge: "<</Duplex true/Tumble true>>setpagedevice"
*CloseUI: *Duplex
*DefaultFont: Courier
*Font Courier: Standard "(002.004S)" Standard ROM
"""

MEDIA_POINTS = {"A4": (595, 842), "Letter": (612, 792), "A3": (842, 1191), "A5": (420, 595)}


def make_ppd(media: Sequence[str] = ("A4", "Letter")) -> str:
    """Return a capture-printer PPD offering exactly `media` (the first is the default)."""
    sizes, regions, areas, dims = [], [], [], []
    for name in media:
        width, height = MEDIA_POINTS[name]
        setpage = f'"<</PageSize[{width} {height}]/ImagingBBox null>>setpagedevice"'
        sizes.append(f"*PageSize {name}/{name}: {setpage}")
        regions.append(f"*PageRegion {name}/{name}: {setpage}")
        areas.append(f'*ImageableArea {name}/{name}: "14 14 {width - 14} {height - 14}"')
        dims.append(f'*PaperDimension {name}/{name}: "{width} {height}"')
    return PPD_TEMPLATE.format(
        default_media=media[0],
        page_sizes="\n".join(sizes),
        page_regions="\n".join(regions),
        imageable_areas="\n".join(areas),
        paper_dimensions="\n".join(dims),
    )


@dataclass(frozen=True)
class CapturedJob:
    """What the capture backend received for one job."""

    printer: str
    job_id: int
    user: str
    title: str
    copies: int
    options_text: str
    data: bytes
    env: dict[str, str]

    @property
    def options(self) -> dict[str, str]:
        """argv[5] as a dict: 'a=b c d=e' -> {'a': 'b', 'c': 'true', 'd': 'e'} (CUPS quoting kept simple)."""
        parsed: dict[str, str] = {}
        for word in self.options_text.split():
            key, sep, value = word.partition("=")
            parsed[key] = value if sep else "true"
        return parsed


class CupsError(RuntimeError):
    """A CUPS command failed; the message has the command's stderr and the end of error_log."""


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM cupsd if the test process dies without stop() (Linux)."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    """Return a TCP port that was free a moment ago (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CupsServer:
    """A private cupsd: start with `with CupsServer() as server:`; stopped and deleted on exit."""

    def __init__(self, *, start_timeout: float = 20.0, keep_dir: bool = False, log_level: str = "debug") -> None:
        cupsd = find_cupsd()
        if cupsd is None:
            raise FileNotFoundError("cupsd is not installed (Debian package: cups)")
        self.cupsd = cupsd
        self.start_timeout = start_timeout
        self.keep_dir = keep_dir
        self.log_level = log_level
        self.host = "127.0.0.1"
        self.port = 0
        self.root = Path()
        self.startup_seconds = 0.0
        self._process: subprocess.Popen[bytes] | None = None
        self._printers: dict[str, Path] = {}
        # cupsd runs filters and backends as this user; as non-root it is simply us.
        self.run_user = "lp" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.run_group = "lp" if os.geteuid() == 0 else grp.getgrgid(os.getegid()).gr_name

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def address(self) -> str:
        """host:port, for `CUPS_SERVER`, `lp -h`, or pycups `cups.setServer(host); cups.setPort(port)`."""
        return f"{self.host}:{self.port}"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Return an environment in which every CUPS client (lp, lpstat, pycups) talks to this server."""
        env = dict(os.environ if base is None else base)
        env["CUPS_SERVER"] = self.address
        env.pop("PRINTER", None)
        env.pop("LPDEST", None)
        return env

    def __enter__(self) -> CupsServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        began = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix="cupsd-"))
        try:
            self._write_configuration()
            self.port = free_port()
            (self.root / "cupsd.conf").write_text(self._cupsd_conf(), encoding="utf-8")
            with open(self.root / "log" / "cupsd.stdout", "wb") as log:
                self._process = subprocess.Popen(
                    [self.cupsd, "-f", "-c", str(self.root / "cupsd.conf"), "-s", str(self.root / "cups-files.conf")],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), "LANG": "C"},
                    start_new_session=True,  # its own process group, so stop() reaches nothing else
                    preexec_fn=_die_with_parent,
                )
            self._wait_until_listening()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self.root != Path() and self.root.exists() and not self.keep_dir:
            shutil.rmtree(self.root, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise CupsError(f"cupsd exited with status {self._process.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise CupsError(f"cupsd did not listen on {self.address} within {self.start_timeout}s:\n{self.log_tail()}")

    # -- configuration ---------------------------------------------------------------------
    def _write_configuration(self) -> None:
        root = self.root
        # cupsd's children (as lp) read spool files and write capture folders below root.
        root.chmod(0o755)
        for name in ("spool", "spool/tmp", "cache", "state", "log", "ssl", "ppd", "captures"):
            (root / name).mkdir(parents=True, exist_ok=True)
        (root / "spool" / "tmp").chmod(0o1777)
        server_bin = root / "bin"
        server_bin.mkdir()
        for entry in SYSTEM_SERVER_BIN.iterdir():
            if entry.name != "backend":
                (server_bin / entry.name).symlink_to(entry)
        backends = server_bin / "backend"
        backends.mkdir()
        for entry in (SYSTEM_SERVER_BIN / "backend").iterdir():
            (backends / entry.name).symlink_to(entry)
        capture = backends / BACKEND_NAME
        capture.write_text(BACKEND_SOURCE.replace("{python}", _backend_python(), 1), encoding="utf-8")
        # 0755 (not 0700): cupsd runs it as the unprivileged user, never as root.
        capture.chmod(0o755)
        files_conf = f"""# Throwaway CUPS: every path below the temp folder {root}
User {self.run_user}
Group {self.run_group}
SystemGroup {grp.getgrgid(os.getegid()).gr_name}
ServerRoot {root}
ServerBin {server_bin}
DataDir {SYSTEM_DATA_DIR}
DocumentRoot {SYSTEM_DATA_DIR}/doc-root
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ServerKeychain {root}/ssl
CreateSelfSignedCerts no
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/printcap
FatalErrors config
"""
        (root / "cups-files.conf").write_text(files_conf, encoding="utf-8")

    def _cupsd_conf(self) -> str:
        # No authentication anywhere: the server only listens on loopback and lives for one test.
        return f"""LogLevel {self.log_level}
Listen {self.host}:{self.port}
ServerName {self.host}
Browsing Off
BrowseLocalProtocols none
DefaultShared No
WebInterface No
DefaultAuthType None
JobRetryLimit 0
ErrorPolicy stop-printer
PreserveJobFiles No
PreserveJobHistory Yes
MaxJobs 0
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
DefaultPolicy default
"""

    # -- printers --------------------------------------------------------------------------
    def run_tool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a CUPS client tool against this server (`-h` is added), LANG=C for stable messages."""
        command = [find_tool(args[0]) or args[0], "-h", self.address, *args[1:]]
        env = self.env()
        env["LANG"] = env["LC_ALL"] = "C"
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30)
        if check and result.returncode != 0:
            raise CupsError(f"{' '.join(command)}: {result.stderr.strip()}\n{self.log_tail()}")
        return result

    def add_printer(
        self,
        name: str,
        *,
        ppd: str | None = "default",
        media: Sequence[str] = ("A4", "Letter"),
        default: bool = False,
    ) -> Path:
        """Add an enabled, accepting printer that captures jobs; return its capture folder.

        ppd="default": our PPD with PageSize `media` and Duplex; ppd=None: a raw queue
        (`-m raw`, deprecated in CUPS 2.4 but still working); else a path to a PPD file.
        """
        folder = self.root / "captures" / name
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, self.run_user, self.run_group)
        model: list[str]
        if ppd is None:
            model = ["-m", "raw"]
        elif ppd == "default":
            ppd_path = self.root / "ppd-src" / f"{name}.ppd"
            ppd_path.parent.mkdir(exist_ok=True)
            ppd_path.write_text(make_ppd(media), encoding="ascii")
            model = ["-P", str(ppd_path)]
        else:
            model = ["-P", ppd]
        self.run_tool("lpadmin", "-p", name, "-E", "-v", f"{BACKEND_NAME}:{folder}", *model)
        if default:
            self.run_tool("lpadmin", "-d", name)
        self._printers[name] = folder
        return folder

    def disable(self, name: str, reason: str = "Paused by the test") -> None:
        """Stop the queue: jobs are still accepted but held (printer-state stopped)."""
        self.run_tool("cupsdisable", "-r", reason, name)

    def enable(self, name: str) -> None:
        self.run_tool("cupsenable", name)

    def reject(self, name: str, reason: str = "Rejecting jobs for the test") -> None:
        """Make the queue refuse new jobs (printer-is-accepting-jobs false)."""
        self.run_tool("cupsreject", "-r", reason, name)

    def accept(self, name: str) -> None:
        self.run_tool("cupsaccept", name)

    def delete_printer(self, name: str) -> None:
        """Remove the queue, its jobs and what it captured."""
        self.run_tool("cancel", "-a", "-x", name, check=False)
        self.run_tool("lpadmin", "-x", name)
        shutil.rmtree(self._printers.pop(name), ignore_errors=True)

    def reset(self) -> None:
        """Remove every queue, so that the next test starts from a server with none (and no default)."""
        for name in list(self._printers):
            self.delete_printer(name)

    # -- reading back ----------------------------------------------------------------------
    def jobs(self, name: str) -> list[CapturedJob]:
        """Every job the printer's backend finished writing, in job-id order."""
        captured = []
        for record_path in sorted(self._printers[name].glob("job-*.json")):
            record = json.loads(record_path.read_text(encoding="utf-8"))
            captured.append(
                CapturedJob(
                    printer=name,
                    job_id=record["job_id"],
                    user=record["user"],
                    title=record["title"],
                    copies=record["copies"],
                    options_text=record["options"],
                    data=record_path.with_suffix(".data").read_bytes(),
                    env=record["env"],
                )
            )
        return captured

    def wait_for_jobs(self, name: str, count: int, timeout: float = 20.0) -> list[CapturedJob]:
        deadline = time.monotonic() + timeout
        while True:
            captured = self.jobs(name)
            if len(captured) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if len(captured) < count:
            raise CupsError(f"{name}: {len(captured)} of {count} jobs arrived in {timeout}s\n{self.log_tail()}")
        return captured

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for log_name in ("cupsd.stdout", "error_log"):
            path = self.root / "log" / log_name
            if path.exists():
                text = path.read_text(encoding="utf-8", errors="replace").splitlines()
                parts.append(f"--- {log_name} ---\n" + "\n".join(text[-lines:]))
        return "\n".join(parts)


def cups_server_fixture() -> Iterator[CupsServer]:
    """Body of a pytest fixture: `cups_server = pytest.fixture(cups_server_fixture)`.

    Skips only where cupsd cannot be had: .ci/run installs it, so in CI these tests always run.
    """
    import pytest

    if find_cupsd() is None:
        pytest.skip("cupsd is not installed, and these tests need a real CUPS server: apt-get install cups")
    with CupsServer(log_level="info") as server:
        yield server
