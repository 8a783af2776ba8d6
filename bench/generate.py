"""Fill a desk with realistic synthetic data: documents, claims, annotations, sources and their audit events.

    .venv/bin/python bench/generate.py --db sqlite:///data/bench.db --claims 100000
    .venv/bin/python bench/generate.py --db postgresql+psycopg://postgres@127.0.0.1/bench --claims 1000000

Documents are news articles assembled from sentence templates (speakers, figures, places, organisations
varied); claims are sentences of them with their offsets; about a third of the claims carry annotations
(provenance, context, counter-sources, verdicts, tags, comments) over a shared source library. Every row has
its audit event and the events form a valid hash chain (annotate.audit.chain.event_hash, in seq order), so
verify and "as of" work on the result. Rows go in through the DB-API in batches (executemany on SQLite, COPY
on PostgreSQL). On PostgreSQL the full-text triggers of migration 0003 fire per row as for the app; on SQLite
they are lifted during the load and the FTS5 indexes rebuilt once at the end (several times faster), the
trigger definitions put back exactly as they were read from sqlite_master.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import string
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from annotate.audit.chain import GENESIS, canonical_json, event_hash  # noqa: E402
from annotate.schemas import RELATIONS, STANCES  # noqa: E402
from annotate.services import SYSTEM, Desk, scale  # noqa: E402
from annotate.services.transfer import bump_sequences  # noqa: E402
from db.models import AuditEvent, Claim  # noqa: E402

CLAIMS_PER_DOC = 12
DOCS_PER_CHUNK = 2000
T0 = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)

SPEAKERS = [
    ("Sergey Lavrov", "Russian Foreign Minister"), ("Antony Blinken", "US Secretary of State"),
    ("Annalena Baerbock", "German Foreign Minister"), ("Josep Borrell", "EU foreign policy chief"),
    ("Jens Stoltenberg", "NATO Secretary General"), ("Antonio Guterres", "UN Secretary-General"),
    ("Wang Yi", "Chinese Foreign Minister"), ("Olaf Scholz", "German Chancellor"),
    ("Emmanuel Macron", "French President"), ("Ursula von der Leyen", "European Commission President"),
    ("Kristalina Georgieva", "IMF Managing Director"), ("Tedros Adhanom Ghebreyesus", "WHO Director-General"),
    ("Rishi Sunak", "British Prime Minister"), ("Narendra Modi", "Indian Prime Minister"),
    ("Recep Tayyip Erdogan", "Turkish President"), ("Luiz Inacio Lula da Silva", "Brazilian President"),
]  # fmt: skip
COUNTRIES = ["Russia", "Germany", "France", "Ukraine", "Poland", "Turkey", "China", "India", "Brazil", "Kazakhstan"]
ORGS = ["NATO", "the OSCE", "the European Union", "the United Nations", "the IMF", "the World Bank", "the WHO"]
CITIES = ["BERLIN", "MOSCOW", "GENEVA", "VIENNA", "BRUSSELS", "ANKARA", "WASHINGTON", "PARIS", "ASTANA", "DELHI"]
OUTLETS = ["TASS", "Reuters", "AFP", "RT", "Sputnik", "Deutsche Welle", "BBC", "Euronews", "Al Jazeera", "AP"]
TOPICS = [
    "indivisible security", "the draft treaty", "grain exports", "gas transit", "arms control", "sanctions relief",
    "refugee flows", "inflation", "defence spending", "vaccine supplies", "the nuclear deal", "border security",
]  # fmt: skip
SENTENCES = [
    '"{topic_cap} remains a priority for {country}," {speaker} said on {day}.',
    "{speaker} said {org} had spent {money} billion dollars on {topic} since {year}.",
    "According to {speaker}, {pct} per cent of {country}'s budget now goes to {topic}.",
    "{role} {speaker} claimed that {org} never kept its promises on {topic}.",
    "Exports to {country} rose by {pct} per cent in {year}, {speaker} told reporters in {city_t}.",
    "{speaker} accused {org} of blocking talks on {topic} for {small} years.",
    "The {role} said {country} had offered a draft treaty on {topic} as far back as {year}.",
    '"Nobody in {org} is going to talk about {topic}," {speaker} said.',
    "{country} has received {money} billion euros in aid since {year}, according to {speaker}.",
    "{speaker} said more than {big} people had crossed the border in {year}.",
    "Unemployment in {country} fell to {pct} per cent last year, {speaker} said.",
    "{org} estimates that {topic} will cost {money} billion dollars by {year2}.",
    "Talks in {city_t} ended without agreement on {topic}, officials said.",
    "{speaker} told the conference that {country} had met every obligation under the {year} agreement.",
    "The ministry said {small} rounds of consultations on {topic} took place in {year}.",
    "{role} {speaker} said the initiative was first proposed in {year} and renewed in {year2}.",
    "Inflation in {country} reached {pct} per cent in {month}, the highest since {year}.",
    "{speaker} said {org} had rejected the proposal within {small} days.",
    "Officials in {city_t} said the figures on {topic} had been revised twice.",
    "{country} and {country2} signed {small} agreements on {topic} during the visit.",
]
NOTES = [
    "The figure comes from the {org} annual report for {year}; the speaker rounds it up.",
    "The treaty text published in {year} says otherwise: see article {small}.",
    "Checked against the {outlet} archive: the quote first appeared on {day}.",
    "Context: the proposal was made in {year} and renewed in {year2}, both dates appear in coverage.",
    "Counter-source: {org} data for {year} put the share at {pct} per cent.",
    "Needs a primary source; the ministry statement is not online any more.",
    "Second reviewer agrees: the number matches the {org} dataset.",
]
SOURCE_TITLES = [
    "{org} annual report {year}",
    "{country} statistical yearbook {year}",
    "Transcript: press conference in {city_t}, {year}",
    "Draft treaty on {topic} ({year})",
    "{org} fact sheet: {topic}",
]
ANNOTATION_MIX = ["comment", "context", "provenance", "counter_source", "verdict", "tag"]
VERDICTS = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Missing context"]
STATUSES = ["new"] * 70 + ["in_review"] * 15 + ["needs_second_review"] * 7 + ["approved"] * 5 + ["rejected"] * 3
KINDS = ["statement"] * 6 + ["quote"] * 2 + ["reported"] * 2


def _slot(rng: random.Random, name: str, year: int) -> str | int:
    if name in ("speaker", "role"):
        return rng.choice(SPEAKERS)[0 if name == "speaker" else 1]
    if name == "topic_cap":
        topic = rng.choice(TOPICS)
        return topic[0].upper() + topic[1:]
    simple = SLOTS.get(name)
    if simple is not None:
        return rng.choice(simple)
    if name == "year":
        return year
    if name == "year2":
        return min(2025, year + rng.randint(1, 12))
    if name == "big":
        return f"{rng.randint(10, 900) * 1000:,}"
    low, high = RANGES[name]
    return rng.randint(low, high)


SLOTS = {
    "topic": TOPICS,
    "country": COUNTRIES,
    "country2": COUNTRIES,
    "org": ORGS,
    "city_t": [c.title() for c in CITIES],
    "outlet": OUTLETS,
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "month": ["January", "March", "May", "July", "September", "November"],
}
RANGES = {"pct": (2, 95), "money": (1, 400), "small": (2, 30)}
_FIELDS: dict[str, list[str]] = {}


def _fill(rng: random.Random, template: str) -> str:
    fields = _FIELDS.get(template)
    if fields is None:
        fields = _FIELDS[template] = sorted({f for _, f, _, _ in string.Formatter().parse(template) if f})
    speaker = rng.choice(SPEAKERS)  # speaker and role of one sentence belong to the same person
    year = rng.randint(1990, 2024)
    values = {name: _slot(rng, name, year) for name in fields}
    if "role" in values:
        values["speaker"], values["role"] = speaker
    return template.format(**values)


class Writer:
    """Batched inserts through the DB-API, and the audit chain continued from the current head."""

    def __init__(self, desk: Desk):
        self.desk = desk
        self.pg = desk.dialect == "postgresql"
        self.raw = desk.engine.raw_connection()
        self.cur = self.raw.cursor()
        with desk.read() as s:
            head = s.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
        self.seq, self.prev = (head.seq, head.hash) if head else (0, GENESIS)
        self.events: list[tuple] = []
        self.rows = 0
        self.clock = T0
        self._ts: tuple[datetime | None, str] = (None, "")

        if not self.pg:
            # A bulk load wants a big page cache (the uid and score indexes are written at random places).
            self.cur.execute("PRAGMA cache_size=-262144")
            self.triggers = self._suspend_fts_triggers()
        self.begin()

    def _suspend_fts_triggers(self) -> list[str]:
        """SQLite: one FTS5 'rebuild' at the end costs a fraction of a trigger call per row."""
        rows = self.cur.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_fts_a[iu]'"
        ).fetchall()
        self.cur.execute("BEGIN IMMEDIATE")
        for (sql,) in rows:
            self.cur.execute("DROP TRIGGER " + sql.split()[2])
        self.cur.execute("COMMIT")
        return [sql for (sql,) in rows]

    def _restore_fts_triggers(self) -> None:
        self.cur.execute("BEGIN IMMEDIATE")
        for sql in self.triggers:
            self.cur.execute(sql)
        for table in ("claims", "documents", "annotations", "sources"):
            self.cur.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            # One b-tree instead of a rebuild's segments: 15-35% less CPU per search at 1M, as 0004 leaves it.
            self.cur.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")
        self.cur.execute("COMMIT")

    def begin(self) -> None:
        if not self.pg:
            self.cur.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.flush_events()
        self.raw.commit() if self.pg else self.cur.execute("COMMIT")
        self.begin()

    def ts(self, moment: datetime):
        # SQLite stores what SQLAlchemy's DateTime would: naive ISO with a space; PostgreSQL takes the datetime.
        if self.pg:
            return moment
        if moment != self._ts[0]:
            self._ts = (moment, moment.strftime("%Y-%m-%d %H:%M:%S.%f"))
        return self._ts[1]

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(f'"{c}"' for c in columns)
        if self.pg:
            with self.cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
        self.rows += len(rows)

    def event(
        self, at: datetime, actor: str, action: str, entity: str, entity_id: int, claim_id, after: dict, batch=None
    ):
        self.seq += 1
        self.clock = max(self.clock, at)  # the log's time never runs backwards along seq
        record = {
            "seq": self.seq,
            "at": self.clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor": actor,
            "action": action,
            "entity_type": entity,
            "entity_id": str(entity_id),
            "claim_id": claim_id,
            "batch_id": batch,
            "reason": None,
            "before": None,
            "after": canonical_json(after),
        }
        digest = event_hash(self.prev, record)
        self.events.append((*record.values(), self.prev, digest))
        self.prev = digest

    def flush_events(self) -> None:
        columns = [
            *("seq", "at", "actor", "action", "entity_type", "entity_id", "claim_id", "batch_id", "reason"),
            *("before", "after", "prev_hash", "hash"),
        ]
        self.insert("audit_events", columns, self.events)
        self.events = []

    def close(self) -> None:
        self.commit()
        if not self.pg:
            self.cur.execute("COMMIT")
            self._restore_fts_triggers()
        self.raw.close()


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _next_ids(desk: Desk) -> dict[str, int]:
    from sqlalchemy import text

    with desk.read() as s:
        return {
            t: (s.execute(text(f"SELECT max(id) FROM {t}")).scalar() or 0) + 1
            for t in ("reviewers", "documents", "claims", "annotations", "sources")
        }


def _reviewers(w: Writer, rng: random.Random, first_id: int, n: int = 40) -> list[tuple[int, str]]:
    rows, people = [], []
    for i in range(n):
        rid, name = first_id + i, f"bench.reviewer{i:02d}"
        role = "editor" if i % 8 == 0 else "reviewer"
        at = T0 + timedelta(seconds=i)
        rows.append((rid, name, f"Bench reviewer {i}", role, None, True, 0, None, w.ts(at), 1))
        w.event(at, "system", "reviewer.create", "reviewer", rid, None, {"id": rid, "username": name, "role": role})
        people.append((rid, name))
    cols = ["id", "username", "display_name", "role", "password_hash", "active", "failed_logins", "locked_until"]
    w.insert("reviewers", [*cols, "created_at", "version"], rows)
    return people


def _sources(w: Writer, rng: random.Random, first_id: int, n: int, people, at: datetime) -> list[int]:
    rows = []
    for i in range(n):
        sid = first_id + i
        title = _fill(rng, rng.choice(SOURCE_TITLES))
        org = rng.choice(ORGS)
        excerpt = _fill(rng, rng.choice(SENTENCES))
        rid, name = rng.choice(people)
        url = f"https://example.org/{org.replace(' ', '-').lower()}/{sid}"
        rows.append(
            (sid, _uid(rng), title, url, org, str(rng.randint(1995, 2025)), "primary_document", excerpt, None, None)
            + (None, rid, w.ts(at), w.ts(at), 1)
        )
        w.event(at, name, "source.create", "source", sid, None, {"id": sid, "title": title, "url": url})
        at += timedelta(seconds=1)
    cols = ["id", "uid", "title", "url", "publisher", "published", "kind", "excerpt", "archived_copy", "sha256"]
    w.insert("sources", [*cols, "merged_into_id", "created_by_id", "created_at", "updated_at", "version"], rows)
    return list(range(first_id, first_id + n))


DOC_COLS = ["id", "uid", "content_hash", "raw", "raw_encoding", "source_format", "filename", "text", "offset_map"]
DOC_COLS += ["title", "outlet", "url", "published", "dateline", "language", "cites", "ingested_by_id", "ingested_at"]
DOC_COLS += ["version"]
CLAIM_COLS = ["id", "uid", "document_id", "start", "end", "text", "speaker", "speaker_mention", "cue", "kind"]
CLAIM_COLS += ["checkworthiness", "reasons", "entities", "status", "assignee_id", "verdict", "verdict_by_id"]
CLAIM_COLS += ["restates_id", "origin", "created_at", "updated_at", "version"]
ANN_COLS = ["id", "uid", "claim_id", "type", "source_id", "relation", "excerpt", "note", "verdict", "confidence"]
ANN_COLS += ["tag", "parent_id", "author_id", "created_at", "updated_at", "withdrawn", "withdrawn_reason", "version"]


def _document(rng: random.Random, n_sentences: int) -> tuple[str, str, list[tuple[int, int, str]]]:
    title = _fill(rng, rng.choice(SENTENCES)).rstrip(".").replace('"', "")[:160]
    city = rng.choice(CITIES)
    parts, spans, pos = [title, "\n\n"], [], len(title) + 2
    for i in range(n_sentences):
        sentence = _fill(rng, rng.choice(SENTENCES))
        if i == 0:
            lead = f"{city}, {rng.choice(['March', 'June', 'October'])} {rng.randint(1, 28)}. /{rng.choice(OUTLETS)}/. "
            parts.append(lead)
            pos += len(lead)
        spans.append((pos, pos + len(sentence), sentence))
        sep = "\n\n" if i % 3 == 2 else " "
        parts += [sentence, sep]
        pos += len(sentence) + len(sep)
    return title, "".join(parts), spans


def generate(url: str, claims: int, *, seed: int = 1, quiet: bool = False) -> dict[str, int]:
    rng = random.Random(seed)
    desk = Desk.open(url)
    scale.ensure_default(desk, SYSTEM)
    ids = _next_ids(desk)
    w = Writer(desk)
    started = time.perf_counter()
    at = T0
    people = _reviewers(w, rng, ids["reviewers"])
    source_ids = _sources(w, rng, ids["sources"], max(20, claims // 50), people, at)
    w.commit()
    doc_id, claim_id, ann_id = ids["documents"], ids["claims"], ids["annotations"]
    made = 0
    while made < claims:
        docs, cls, anns = [], [], []
        # A chunk of documents is one import, as a folder ingest is: its ingest and extract events share a batch
        # id (most of a real log's events carry one). Not drawn from rng, so the rest of the data stays the same.
        batch = str(uuid.uuid5(uuid.NAMESPACE_URL, f"annotate-bench/{seed}/{doc_id}"))
        for _ in range(DOCS_PER_CHUNK):
            if made >= claims:
                break
            n_claims = min(claims - made, rng.randint(CLAIMS_PER_DOC - 4, CLAIMS_PER_DOC + 4))
            title, body, spans = _document(rng, n_claims + rng.randint(2, 8))
            at += timedelta(seconds=rng.randint(5, 40))
            outlet = rng.choice(OUTLETS)
            published = (at - timedelta(days=rng.randint(0, 3))).strftime("%Y-%m-%d")
            digest = hashlib.sha256(body.encode()).hexdigest()
            docs.append(
                (doc_id, _uid(rng), digest, body, "utf-8", "text", f"article-{doc_id}.txt", body, "[]", title, outlet)
                + (f"https://news.example/{outlet.lower()}/{doc_id}", published, None, "en", "[]", None, w.ts(at), 1)
            )
            w.event(at, "system", "document.ingest", "document", doc_id, None, {"id": doc_id, "title": title}, batch)
            for start, end, sentence in rng.sample(spans, n_claims):
                cls.append(_claim(w, rng, claim_id, doc_id, start, end, sentence, at, people, batch))
                if rng.random() < 0.33:
                    ann_id = _annotations(w, rng, ann_id, claim_id, at, people, source_ids, anns, cls)
                claim_id += 1
                made += 1
            doc_id += 1
        w.insert("documents", DOC_COLS, docs)
        w.insert("claims", CLAIM_COLS, cls)
        w.insert("annotations", ANN_COLS, anns)
        w.commit()
        if not quiet:
            rate = w.rows / (time.perf_counter() - started)
            print(f"  {made:>9,} claims, {w.rows:>10,} rows, {rate:,.0f} rows/s", file=sys.stderr, flush=True)
    w.close()
    if desk.dialect == "postgresql":
        with desk.engine.begin() as conn:
            bump_sequences(conn)
        # VACUUM sets the visibility map, without which index-only scans (the queue's counts) visit the heap.
        with desk.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with desk.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    elapsed = time.perf_counter() - started
    totals = {"claims": made, "rows": w.rows, "events": w.seq, "seconds": round(elapsed, 1)}
    if not quiet:
        print(f"generated {made:,} claims, {w.rows:,} rows in {elapsed:,.1f} s ({w.rows / elapsed:,.0f} rows/s)")
    desk.dispose()
    return totals


def _claim(w: Writer, rng, cid: int, doc_id: int, start: int, end: int, sentence: str, at, people, batch) -> list:
    speaker = next((name for name, _ in SPEAKERS if name in sentence), None)
    status = rng.choice(STATUSES)
    assignee = rng.choice(people)[0] if status != "new" and rng.random() < 0.6 else None
    score = round(rng.random(), 4)
    kind = rng.choice(KINDS)
    row = [cid, _uid(rng), doc_id, start, end, sentence, speaker, speaker, "said" if speaker else None, kind, score]
    row += ['["number", "attribution"]', "[]", status, assignee, None, None, None, "extracted", w.ts(at), w.ts(at), 1]
    after = {"id": cid, "document_id": doc_id, "start": start, "end": end, "text": sentence, "status": "new"}
    after |= {"kind": kind, "checkworthiness": score}
    w.event(at, "system", "claim.extract", "claim", cid, cid, after, batch)
    return row


def _annotations(w: Writer, rng, ann_id: int, cid: int, at, people, source_ids, anns, cls) -> int:
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        kind = rng.choice(ANNOTATION_MIX)
        rid, name = rng.choice(people)
        source = rng.choice(source_ids) if kind in ("provenance", "counter_source") else None
        relation = rng.choice(RELATIONS) if kind == "provenance" else rng.choice(STANCES) if source else None
        verdict = rng.choice(VERDICTS) if kind == "verdict" else None
        tag = rng.choice(TOPICS) if kind == "tag" else None
        note = None if kind == "tag" else _fill(rng, rng.choice(NOTES))
        when = at + timedelta(minutes=rng.randint(1, 600))
        conf = round(rng.uniform(0.5, 1), 2) if verdict else None
        anns.append(
            (ann_id, _uid(rng), cid, kind, source, relation, None, note, verdict, conf, tag, None, rid)
            + (w.ts(when), w.ts(when), False, None, 1)
        )
        if verdict:  # the claim carries its current verdict, as the service keeps it
            cls[-1][15], cls[-1][16] = verdict, rid
        after = {"id": ann_id, "claim_id": cid, "type": kind, "note": note, "verdict": verdict, "tag": tag}
        w.event(when, name, "annotation.add", "annotation", ann_id, cid, after | {"source_id": source})
        ann_id += 1
    return ann_id


def claim_count(url: str) -> int:
    desk = Desk.open(url)
    try:
        with desk.read() as s:
            return s.scalar(select(func.count()).select_from(Claim)) or 0
    finally:
        desk.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, metavar="URL", help="database URL (migrated to head if needed)")
    parser.add_argument("--claims", type=int, default=10_000, help="10000, 100000 or 1000000 (any number works)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if claim_count(args.db):
        parser.error(f"{args.db} already holds claims: generate into an empty desk")
    generate(args.db, args.claims, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
