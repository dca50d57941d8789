"""Data in and out: spreadsheet and CSV import (read → map → preview → apply), exports, the period report.

The pieces, in the order an import uses them: :mod:`readers` (files to rows), :mod:`mapping` (header row
and column → field), :mod:`cells` (a cell to the value a cleaner expects), :mod:`plan` (the dry run: its
columns read and cleaned once per distinct value by :mod:`rowclean`, existing records found by
:mod:`refs`, clean new technology rows planned by :mod:`techrows`, the result's types in
:mod:`outcome`), :mod:`apply` (one transaction; big technology lists through :mod:`bulk`, which the demo
uses too). :mod:`gcpause` holds the cycle collector off while a big sheet is read and previewed.
:mod:`importer` ties them together for the CLI and the wizard; :mod:`export` and :mod:`report` write
workbooks. Per-field knowledge is the field catalogue's (``workbench.catalog``); :mod:`fieldmap` adapts it
to files, and names of coded values are in ``workbench.taxonomy``.
"""
