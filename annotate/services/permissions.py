"""Who may do what. Enforced here, in the service layer; the UI only hides what would be refused."""

from __future__ import annotations

from dataclasses import dataclass

from annotate.services.errors import PermissionDenied

RANK = {"viewer": 0, "reviewer": 1, "editor": 2, "admin": 3}

# action -> the least role that may do it
REQUIRED = {
    "read": "viewer",
    "annotate": "reviewer",
    "claim.create": "reviewer",
    "claim.edit": "reviewer",
    "claim.status": "reviewer",
    "claim.approve": "reviewer",
    "claim.reject": "editor",
    "claim.reopen": "editor",
    "claim.assign": "editor",
    "claim.split_merge": "editor",
    "annotation.edit_others": "editor",
    "source.edit": "reviewer",
    "source.merge": "editor",
    "document.ingest": "editor",
    "import": "editor",
    "users.manage": "admin",
    "scale.manage": "admin",
    "settings.manage": "admin",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in reviewer (or the CLI's system account) on whose behalf a service acts."""

    username: str
    role: str
    id: int | None = None

    def can(self, action: str) -> bool:
        return RANK.get(self.role, -1) >= RANK[REQUIRED[action]]


SYSTEM = Actor(username="system", role="admin", id=None)


def require(actor: Actor, action: str) -> None:
    if not actor.can(action):
        raise PermissionDenied(
            f"{actor.username} ({actor.role}) may not {action.replace('.', ' ')}: needs the {REQUIRED[action]} role"
        )
