"""Fixtures for lpsa tests live in tests/conftest.py, shared with the other suites."""
