"""Registers the shared fixtures for every test folder (hts/ and e2e/)."""

from hts.core.testing import as_user, isolated_media, world

__all__ = ["as_user", "isolated_media", "world"]
