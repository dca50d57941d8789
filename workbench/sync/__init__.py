"""The laptop's side of district sync: push the change log, pull what changed on the server, keep conflicts.

The laptop keeps its full encrypted store and works offline; :func:`workbench.sync.engine.sync` sends the
local change log as field-level changes (each with the value it replaced) and then pulls every record the
person may see whose server sequence number is above the laptop's cursor. See ``docs/district-server.md``.
"""
