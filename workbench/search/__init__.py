"""Full-text search and need–technology matching over SQLite FTS5 (see text, index, matcher, weights).

Kept free of imports so that ``workbench.store`` can load the index hook without pulling in the services.
"""
