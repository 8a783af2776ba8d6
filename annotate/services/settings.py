"""Desk-wide settings (the reviewing organisation named in ClaimReview exports, ...): read freely, changed by
admins, every change audited with its before and after."""

from __future__ import annotations

from typing import Any

from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput
from annotate.services.permissions import Actor, require
from db.models import Setting

ORGANISATION = "claimreview.author"
DEFAULTS: dict[str, dict[str, Any]] = {
    # Who signs the fact-checks: schema.org Organization name and url, and the fact-check page address.
    ORGANISATION: {"name": "Annotate fact-check desk", "url": None, "review_url": None},
}


def get(desk: Desk, key: str) -> dict[str, Any]:
    with desk.read() as session:
        row = session.get(Setting, key)
        stored = dict(row.value) if row is not None else {}
    return {**DEFAULTS.get(key, {}), **stored}


def set(desk: Desk, actor: Actor, key: str, value: dict[str, Any]) -> dict[str, Any]:  # noqa: A001 - get/set pair
    require(actor, "settings.manage")
    if not isinstance(value, dict):
        raise InvalidInput(f"setting {key!r} takes an object of fields")
    key = key.strip()
    if not key or len(key) > 100:
        raise InvalidInput("a setting needs a name of 1-100 characters")
    with desk.write(actor) as tx:
        row = tx.session.get(Setting, key)
        before = dict(row.value) if row is not None else None
        if row is None:
            row = Setting(key=key, value=dict(value))
            tx.session.add(row)
        else:
            row.value = {**row.value, **value}
        tx.session.flush()
        tx.record("setting.set", "setting", key, before=before, after=dict(row.value))
        return {**DEFAULTS.get(key, {}), **row.value}


def organisation(desk: Desk) -> dict[str, Any]:
    return get(desk, ORGANISATION)
