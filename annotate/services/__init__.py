"""The service layer: the only code that writes to the database, each write with its audit event.

from annotate import services
desk = services.Desk.open(url)
services.annotations.add(desk, actor, claim_id, form)
"""

from annotate.services import (
    annotations,
    audit,
    claims,
    documents,
    queue,
    reviewers,
    scale,
    sources,
)
from annotate.services.desk import Desk
from annotate.services.errors import ConflictError, DeskError, InvalidInput, NotFound, PermissionDenied
from annotate.services.permissions import SYSTEM, Actor

__all__ = [
    "Actor",
    "ConflictError",
    "Desk",
    "DeskError",
    "InvalidInput",
    "NotFound",
    "PermissionDenied",
    "SYSTEM",
    "annotations",
    "audit",
    "claims",
    "documents",
    "queue",
    "reviewers",
    "scale",
    "sources",
]
