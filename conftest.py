"""Registers the shared fixtures for every test folder (hts/ and e2e/)."""

from testkit import as_user, isolated_media, world

__all__ = ["as_user", "isolated_media", "world"]
