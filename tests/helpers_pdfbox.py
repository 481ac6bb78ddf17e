"""Run Apache PDFBox Preflight, an independent PDF/A validator, and keep what PDF/A-2b forbids too.

Preflight 2.0 (Debian's ``libpdfbox2-java``, with ``libactivation-java``,
``libjaxb-api-java`` and a Java runtime) validates PDF/A-1b only. A correct
PDF/A-2b file still gets two kinds of error from it, which ``preflight``
drops: 7.11.2 "part must be 1" (the XMP says part 2) and 4.1.x transparency
(PDF/A-2 allows it, 6.2.10). Everything else counts: file syntax (1.x),
graphics and colour (2.x), fonts (3.x), annotations and actions (5.x, 6.x)
and metadata (7.x), read as PDF/A-1 reads them. Every file is checked in
one Java process (Preflight's ``xml group`` mode), about a second for the
example briefs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

JARS = [
    "preflight.jar",
    "pdfbox2.jar",
    "fontbox2.jar",
    "xmpbox.jar",
    "commons-logging.jar",
    "javax.activation.jar",
    "jaxb-api.jar",
]
JAR_FOLDER = Path("/usr/share/java")
INSTALL = "apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"


def missing() -> str:
    """Return why Preflight cannot run here, or "" when it can."""
    if shutil.which("java") is None:
        return f"no Java runtime to run PDFBox Preflight ({INSTALL})"
    absent = [jar for jar in JARS if not (JAR_FOLDER / jar).is_file()]
    if absent:
        return f"PDFBox Preflight is not installed: no {', '.join(absent)} in {JAR_FOLDER} ({INSTALL})"
    return ""


def only_pdfa1_forbids(code: str, details: str) -> bool:
    """Return whether an error is one a PDF/A-1b validator gives a correct PDF/A-2b file.

    PDF/A-1 wants a CIDSet in every CID font subset's descriptor; PDF/A-2 (ISO 19005-2, 6.2.11.4.2) only wants
    one that is there to list every CID of the font program.
    """
    cid_set_missing = code == "3.1.11" and "CIDSet entry is missing" in details
    return (code == "7.11.2" and "part must be 1" in details) or code.startswith("4.1.") or cid_set_missing


def preflight(paths: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """Return each file's (code, details) errors that PDF/A-2b forbids too, by file name."""
    classpath = ":".join(str(JAR_FOLDER / jar) for jar in JARS)
    with tempfile.TemporaryDirectory() as scratch:
        listing = Path(scratch) / "files.txt"
        listing.write_text("".join(f"{path.resolve()}\n" for path in paths), encoding="utf-8")
        command = ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group", str(listing)]
        # Preflight exits with the number of invalid files; the verdicts are in its report.
        run = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        report = Path(f"{listing}.preflight.xml")
        if not report.is_file():
            raise RuntimeError(f"Preflight wrote no report: {run.stderr[-2000:]}")
        root = ElementTree.parse(report).getroot()
    results: dict[str, list[tuple[str, str]]] = {}
    for node in root.iter("preflight"):
        errors = [(e.findtext("code", ""), e.findtext("details", "")) for e in node.iter("error")]
        results[node.get("name", "?")] = [error for error in errors if not only_pdfa1_forbids(*error)]
    return results
