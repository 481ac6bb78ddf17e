"""What each command does, as library functions: a command's sources and options in, a report out.

Input: the files and folders a user names (specs, pack files, folders of
either; by default specs/ and packs/) and the command's options. Output: a
report the CLI prints, never printing or exiting itself: ``check.CheckReport``
(every file's problems, located), ``build.SourcesReport`` (the batch of specs
and each pack), ``pack``'s ``PackResult``. ``sources`` tells the specs from
the pack files among what was named, which is why this layer sits above both
``batch`` and ``pack``.
"""
