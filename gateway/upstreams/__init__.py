"""Upstream clients: HTTP in, typed results and typed errors out."""
