"""Broker Workbench headless core: models, store, rules, validation, services and CLI (no Qt here)."""

__version__ = "0.1.0"
