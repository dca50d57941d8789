"""Broker Workbench desktop application (PySide6) over the headless core."""
