"""Tests dans un vrai navigateur (paquet : ses modules ne se confondent pas avec ceux de ``tests/``)."""
