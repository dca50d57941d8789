"""Data in and out: spreadsheet and CSV import (read → map → preview → apply), exports, the period report.

The pieces, in the order an import uses them: :mod:`readers` (files to rows), :mod:`mapping` (header row
and column → field), :mod:`cells` (a cell to the value a cleaner expects), :mod:`plan` (the dry run),
:mod:`apply` (one transaction; big technology lists through :mod:`bulk`, which the demo uses too).
:mod:`importer` ties them together for the CLI and the wizard; :mod:`export` and :mod:`report` write
workbooks. Per-field knowledge is the field catalogue's (``workbench.catalog``); :mod:`fieldmap` adapts it
to files, and names of coded values are in ``workbench.taxonomy``.
"""
