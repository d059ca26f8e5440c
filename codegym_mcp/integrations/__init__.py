"""Bridges to other frameworks (each an optional extra)."""
