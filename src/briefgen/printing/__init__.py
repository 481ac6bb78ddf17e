"""From PDF to paper: print through CUPS, impose booklets and handouts, and check PDFs before they print.

Input: specs, packs or finished PDFs, and how to print them. Output: CUPS
jobs (``run.print_sources``), imposed PDFs (``impose``) and preflight
reports (``preflight``). ``sources`` builds what is out of date, ``send``
checks the printer and sends each file once (``print_log`` remembers),
``cups`` and ``lp_client`` talk to CUPS, ``marks`` finds what a page puts on
paper, ``media`` names paper sizes. This stage sits above ``pack`` and
``batch``, which it uses to build, and draws nothing itself: no ReportLab.
"""
