"""compose.BuildOptions: what goes into the hash that decides whether a PDF is up to date."""

from __future__ import annotations

from briefgen.compose import BuildOptions
from briefgen.model import CopyMark


def test_a_numbered_copy_is_never_taken_for_the_plain_pdf_or_another_copy() -> None:
    plain = BuildOptions(theme="print")
    copies = [
        BuildOptions(theme="print", copy_mark=mark)
        for mark in (
            CopyMark(7, 20, "J. Smith"),
            CopyMark(7, 20, "J. Smyth"),
            CopyMark(7, 21, "J. Smith"),
            CopyMark(7, 20),
        )
    ]

    fingerprints = {options.fingerprint() for options in [plain, *copies]}

    assert len(fingerprints) == 1 + len(copies)
    # Without a mark nothing is added: PDFs built before numbered copies existed stay up to date.
    assert not any(part.startswith("copy_mark") for part in plain.fingerprint())
