"""Errors the service layer raises; the UI shows their message, the CLI prints it as one line."""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """Base class: a refusal the user can understand and act on."""


class NotFound(DeskError):
    pass


class PermissionDenied(DeskError):
    pass


class InvalidInput(DeskError):
    pass


class ConflictError(DeskError):
    """A save based on a version someone else has changed since. Nothing was written."""

    def __init__(self, message: str, current: Any = None):
        super().__init__(message)
        self.current = current


class Busy(DeskError):
    """Another writer held the database for longer than the wait allows (a hung process, a huge import).
    Nothing of this unit of work was written."""
