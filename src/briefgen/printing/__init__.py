"""From PDF to paper: impose booklets and handouts, check PDFs before they print, and print through CUPS.

Input: finished PDFs (briefs, packs) and how to print them. Output: imposed
PDFs (``impose``, with ``media`` naming paper sizes) and preflight reports
(``preflight``, which judges the marks ``marks`` finds on each page). This
stage sits above ``pack`` and ``batch``, which it uses to build what it
prints, and draws nothing itself: no ReportLab.
"""
