"""Build many briefs: find the specs, build what changed, in parallel, and report on every one.

Input: spec files and folders, an output folder and ``compose.BuildOptions``.
Output: PDFs written atomically (``output``), the build manifest
(``manifest``, its hashes in ``fingerprint``) and a ``report.BatchReport``.
``discover`` finds specs, ``build`` plans and runs the batch, ``executors``
and ``worker`` run the work in this process, in local workers (``pool``,
forked by ``processes``) or on Dask (``cluster``), ``progress`` shows it.
One bad spec never stops the others. No ReportLab in the parent process.
"""
