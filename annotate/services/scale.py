"""The configurable verdict scale: each label has a definition and an ordinal (higher = truer) or none."""

from __future__ import annotations

from sqlalchemy import func, select

from annotate.schemas import VerdictLabelView
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot
from db.models import VerdictLabel

# A PolitiFact-like default; labels with ordinal None sit off the true-false scale.
DEFAULT_SCALE: list[tuple[str, int | None, str]] = [
    ("True", 5, "The statement is accurate and nothing significant is missing."),
    ("Mostly true", 4, "Accurate but needs clarification or additional information."),
    ("Half true", 3, "Partially accurate; leaves out important details or takes things out of context."),
    (
        "Mostly false",
        2,
        "Contains an element of truth but ignores facts that would give a different impression.",
    ),
    ("False", 1, "The statement is not accurate."),
    ("Misleading", None, "Accurate in its parts but arranged to give a false impression."),
    ("Missing context", None, "Cannot be judged true or false without context the reader is not given."),
    ("Unverifiable", None, "No evidence either way is available to the desk."),
]


def labels(desk: Desk, *, include_inactive: bool = False) -> list[VerdictLabelView]:
    with desk.read() as session:
        query = select(VerdictLabel).order_by(VerdictLabel.position, VerdictLabel.id)
        if not include_inactive:
            query = query.where(VerdictLabel.active.is_(True))
        return [VerdictLabelView.model_validate(v) for v in session.scalars(query)]


def ensure_default(desk: Desk, actor: Actor) -> None:
    with desk.write(actor) as tx:
        if tx.session.scalar(select(func.count(VerdictLabel.id))):
            return
        for position, (label, ordinal, definition) in enumerate(DEFAULT_SCALE):
            row = VerdictLabel(label=label, ordinal=ordinal, definition=definition, position=position)
            tx.session.add(row)
            tx.session.flush()
            tx.record("scale.add", "verdict_label", row.id, after=snapshot(row))


def upsert_label(
    desk: Desk, actor: Actor, label: str, *, definition: str, ordinal: int | None, active: bool = True
) -> VerdictLabelView:
    require(actor, "scale.manage")
    label = label.strip()
    if not label:
        raise InvalidInput("a verdict label needs a name")
    with desk.write(actor) as tx:
        row = tx.session.scalar(select(VerdictLabel).where(VerdictLabel.label == label))
        before = snapshot(row) if row else None
        if row is None:
            position = (tx.session.scalar(select(func.max(VerdictLabel.position))) or 0) + 1
            row = VerdictLabel(label=label, position=position)
            tx.session.add(row)
        row.definition, row.ordinal, row.active = definition, ordinal, active
        tx.session.flush()
        tx.record(
            "scale.add" if before is None else "scale.edit",
            "verdict_label",
            row.id,
            before=before,
            after=snapshot(row),
        )
        return VerdictLabelView.model_validate(row)
