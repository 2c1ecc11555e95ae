"""Question to cited passages: dense (FAISS) and lexical (FTS5 BM25) search, fused."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np

from indexer import store
from indexer.embedder import shared_embedder

from .fusion import reciprocal_rank_fusion
from .glossary import expand
from .question import QuestionIntent, parse_question
from .types import MODES, FilterError, Hit, QuestionError

MAX_QUESTION_CHARS = 2000
CANDIDATES = 50
# Words in more than this share of passages are left out of the BM25 query (see distinctive).
COMMON_SHARE = 0.3
# A filter allowing at most this many passages is searched exactly over just those.
EXACT_SUBSET_LIMIT = 50_000
KIND_SHORT = {
    "ilacs_report": "Ofsted report",
    "focused_visit": "Ofsted focused visit",
    "cabinet_report": "council report",
    "presentation": "presentation",
    "improvement_plan": "improvement plan",
    "other": "document",
}
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "ofsted",
        "say",
        "said",
        "tell",
        "told",
        "report",
        "reports",
        "please",
    ]
)


def check_question(question: str) -> str:
    text = (question or "").strip()
    if not text:
        raise QuestionError("the question is empty - type a question about the reports")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(text):,} characters; keep it under {MAX_QUESTION_CHARS:,}"
        )
    return text


def query_terms(question: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", question.lower())
    terms = []
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if word in STOPWORDS or len(word) < 2:
            continue
        if word not in terms:
            terms.append(word)
    return terms


def fts_query(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def format_month(iso_date: str | None) -> str:
    if not iso_date:
        return ""
    try:
        return datetime.fromisoformat(iso_date).strftime("%b %Y")
    except ValueError:
        return iso_date


def report_date(document: dict, part: dict) -> str:
    """The date a report is known by: its inspection, else its meeting, else the file's."""
    return part.get("inspection_end") or part.get("meeting_date") or document.get("date") or ""


def citation_for(document: dict, passage: dict) -> str:
    """'Staffordshire Ofsted report, Nov 2023, The experiences and progress of care leavers, para 35'."""
    part = passage["part"]
    when = format_month(report_date(document, part))
    report = f"{document['authority']} {KIND_SHORT.get(part['kind'], 'document')}"
    pieces = [report]
    if when:
        pieces.append(when)
    if passage.get("section"):
        pieces.append(passage["section"])
    label = passage["label"]
    pieces.append(f"para {label}" if re.fullmatch(r"\d+(\.\d+)*", label) else label)
    return ", ".join(pieces)


class Retriever:
    """Loads an index once; safe to share across threads."""

    def __init__(self, index_dir: Path, manifest: store.Manifest, model: str | None = None):

        self.index_dir = index_dir
        self.manifest = manifest
        self.reader = store.Reader(index_dir, manifest)
        self._faiss = self.reader.load_vectors()
        self._db = store.schema.open_db(index_dir / store.DB_FILE)
        self._lock = threading.Lock()
        self._embedder = None
        self._model = model or manifest.model
        self._documents = {r["doc_id"]: dict(r) for r in self._query("SELECT * FROM documents")}
        self._parts = {
            (r["doc_id"], r["slug"]): dict(r) for r in self._query("SELECT * FROM parts")
        }
        self._filter_values: dict[str, list] | None = None
        self._doc_years = self._years_of_documents()
        self._scopes: dict[tuple, Scope] = {}
        self._frequencies: dict[str, int] = {}
        self._judgements = [
            dict(r)
            for r in self._query("SELECT * FROM judgements ORDER BY authority, inspection_date")
        ]

    @classmethod
    def open(cls, index_dir: str | Path = "index", model: str | None = None) -> Retriever:
        index_dir = Path(index_dir)
        manifest = store.validate(index_dir, model=model)
        return cls(index_dir, manifest, model)

    # -- plumbing -------------------------------------------------------------------
    def _query(self, sql: str, params: tuple = ()) -> list:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = shared_embedder(self._model)
        return self._embedder

    # -- what the index knows -------------------------------------------------------
    def documents(self) -> list[dict]:
        return sorted(self._documents.values(), key=lambda d: (d["authority"], d["date"] or ""))

    def _years_of_documents(self) -> dict[str, set[int]]:
        """Years each document is dated in: a year filter keeps the whole report pack
        about "the 2019 inspection", the council's paper of 2020 included."""
        out: dict[str, set[int]] = {d: set() for d in self._documents}
        for part in self._parts.values():
            out[part["doc_id"]] |= _part_years(part, self._documents[part["doc_id"]])
        return out

    def filter_values(self) -> dict[str, list]:
        """Values each filter accepts."""
        if self._filter_values is None:
            years = set().union(*self._doc_years.values()) if self._documents else set()
            self._filter_values = {
                "authority": sorted({d["authority"] for d in self._documents.values()}),
                "kind": sorted({p["kind"] for p in self._parts.values()}),
                "year": sorted(years),
            }
        return self._filter_values

    def report_years(self, authorities: list[str]) -> dict[str, list[int]]:
        """The years each council's reports are dated in."""
        years = self._doc_years
        out: dict[str, set[int]] = {}
        for doc_id, doc in self._documents.items():
            if doc["authority"] in authorities:
                out.setdefault(doc["authority"], set()).update(years[doc_id])
        return {a: sorted(y) for a, y in out.items()}

    def matches_nothing(self, filters: dict) -> bool:
        allowed = self._allowed_rowids(filters)
        return allowed is not None and len(allowed) == 0

    def latest_years(self, authorities: list[str]) -> list[int]:
        """The year of each council's newest report, for "latest" questions."""
        return sorted({max(y) for y in self.report_years(authorities).values() if y})

    def judgements(self) -> list[dict]:
        return [dict(r) for r in self._judgements]

    def passage(self, passage_id: str) -> Hit | None:
        rows = self._query("SELECT rowid, * FROM passages WHERE passage_id = ?", (passage_id,))
        return self._hit(rows[0], 0.0) if rows else None

    def status(self) -> dict:
        m = self.manifest
        return {
            "documents": m.counts.get("documents", 0),
            "passages": m.counts.get("passages", 0),
            "model": m.model,
            "index_type": m.index_type,
            "built_at": m.built_at,
        }

    # -- filters --------------------------------------------------------------------
    def check_filters(self, filters: dict | None) -> None:
        """Raise FilterError, naming the known values, for a filter the index does not know."""
        self._resolve(filters)

    def _resolve(self, filters: dict | None) -> Scope | None:
        """The documents (and parts) a filter allows, checked and worked out in memory
        once per distinct filter; None when nothing is filtered."""
        key = _filter_key(filters)
        if not key:
            return None
        if key not in self._scopes:
            if len(self._scopes) > 256:
                self._scopes.clear()
            self._scopes[key] = self._scope(filters)
        return self._scopes[key]

    def _scope(self, filters: dict) -> Scope:
        known = self.filter_values()
        parts = set(self._parts)
        for key, value in filters.items():
            if value in (None, "", [], ()):
                continue
            if key not in known:
                raise FilterError(f"unknown filter {key!r}; use one of: {', '.join(sorted(known))}")
            values = value if isinstance(value, (list, tuple, set)) else [value]
            if key == "authority":
                lookup = {a.lower(): a for a in known["authority"]}
                picked = set()
                for v in values:
                    match = lookup.get(str(v).strip().lower())
                    if match is None:
                        raise FilterError(
                            f"unknown authority {v!r}; known: {', '.join(known['authority'])}"
                        )
                    picked.add(match)
                parts = {p for p in parts if self._documents[p[0]]["authority"] in picked}
            elif key == "kind":
                for v in values:
                    if v not in known["kind"]:
                        raise FilterError(f"unknown kind {v!r}; known: {', '.join(known['kind'])}")
                parts = {p for p in parts if self._parts[p]["kind"] in set(values)}
            elif key == "year":
                years = set(_years(values))
                for y in sorted(years):
                    if y not in known["year"]:
                        raise FilterError(
                            f"no reports from {y}; years in the index: "
                            f"{', '.join(map(str, known['year']))}"
                        )
                parts = {p for p in parts if self._doc_years[p[0]] & years}
        docs = sorted({d for d, _ in parts})
        whole = {p for p in self._parts if p[0] in set(docs)} == parts
        return Scope(tuple(docs), None if whole else frozenset(parts))

    def _allowed_rowids(self, filters: dict | None) -> np.ndarray | None:
        scope = self._resolve(filters)
        if scope is None:
            return None
        if scope.allowed is None:
            if not scope.docs:
                scope.allowed = np.zeros(0, dtype="int64")
            else:
                rows = self._query(
                    "SELECT rowid, doc_id, part_slug FROM passages "
                    f"WHERE doc_id IN ({','.join('?' * len(scope.docs))})",
                    scope.docs,
                )
                scope.allowed = np.array(
                    [r[0] for r in rows if scope.admits(r[1], r[2])], dtype="int64"
                )
        return scope.allowed

    # -- search ---------------------------------------------------------------------
    def understand(self, question: str, history: list[str] | None = None) -> QuestionIntent:
        """Councils, years, areas and follow-up context of a question, as this index knows them."""
        known = self.filter_values()
        intent = parse_question(question, known["authority"], known["year"], history)
        if intent.latest and intent.authorities and not intent.years:
            intent = replace(intent, years=tuple(self.latest_years(list(intent.authorities))))
        return intent

    def search(
        self,
        question: str,
        k: int = 10,
        mode: str = "hybrid",
        filters: dict | None = None,
        history: list[str] | None = None,
        understand: bool = True,
    ) -> list[Hit]:
        """Cited passages, best first. With `understand`, councils and years named in the
        question filter the search, and a follow-up borrows from `history`."""
        question = check_question(question)
        _check_mode(mode)
        if not understand:
            return self.hits(self.ranked(question, mode, filters, max(k, CANDIDATES))[:k])
        return self.search_understood(self.understand(question, history), k, mode, filters)

    def search_understood(
        self, intent: QuestionIntent, k: int = 10, mode: str = "hybrid", filters: dict | None = None
    ) -> list[Hit]:
        """search() for a question already read by understand(), so callers that need the
        reading too (answers) do not parse the question twice."""
        _check_mode(mode)
        return self.hits(self.ranked_for(intent, mode, filters, max(k, CANDIDATES))[:k])

    def ranked_for(
        self, intent: QuestionIntent, mode: str, filters: dict | None, n: int
    ) -> list[tuple[int, float]]:
        """Ranking for an understood question: filtered by what it names, one list per
        council for a comparison, softer mentions boosted, judgement tables first for grades."""
        filters = dict(filters or {})
        self.check_filters(filters)  # the caller's own filters must be valid: say so if not
        derived = self.derived_filters(intent, filters)
        if derived is None:
            return []
        query = intent.query
        councils = derived.get("authority") or []
        if len(councils) > 1 and intent.compare:
            topic = expand(intent.topic)  # the other councils' names would pull the wrong way
            per_council = [
                self.ranked(topic, mode, {**derived, "authority": [c]}, n) for c in councils
            ]
            ranked = _interleave(per_council)[:n]
        else:
            ranked = self.ranked(query, mode, derived, n)
        if intent.boost_authorities and "authority" not in derived:
            boosted = self.ranked(
                query, mode, {**derived, "authority": intent.boost_authorities}, n
            )
            ranked = reciprocal_rank_fusion([ranked, boosted])[:n]
        if intent.asks_grade:
            ranked = self._tables_first(ranked, intent, derived)
        return ranked

    def derived_filters(self, intent: QuestionIntent, filters: dict) -> dict | None:
        """The caller's filters, plus the councils and years the question names (the
        caller's win). None when the question names a year the index has nothing from."""
        out = dict(filters)
        if intent.authorities and not out.get("authority"):
            out["authority"] = list(intent.authorities)
        if intent.years and not out.get("year"):
            known = set(self.filter_values()["year"])
            years = [y for y in intent.years if y in known]
            if not years:
                return None
            out["year"] = years
        return out

    def grade_rows(self, intent: QuestionIntent, filters: dict) -> list[dict]:
        """Judgement rows that answer a grade question, newest inspection first."""
        from .grades import matching_rows

        rows = self._judgements
        councils = filters.get("authority") or []
        if councils:
            wanted = {c.lower() for c in (councils if isinstance(councils, list) else [councils])}
            rows = [r for r in rows if r["authority"].lower() in wanted]
        return matching_rows(rows, intent)

    def _tables_first(
        self, ranked: list[tuple[int, float]], intent: QuestionIntent, filters: dict
    ) -> list[tuple[int, float]]:
        rows = self.grade_rows(intent, filters)
        ids = list(dict.fromkeys(r["passage_id"] for r in rows))
        if not ids:
            return ranked
        canonical = {
            r["passage_id"]: r["canonical"]
            for r in self._query(
                "SELECT passage_id, canonical FROM passages "
                f"WHERE passage_id IN ({','.join('?' * len(ids))})",
                tuple(ids),
            )
        }
        tables = list(dict.fromkeys(canonical[i] for i in ids if i in canonical))
        top = ranked[0][1] if ranked else 1.0
        return [(rowid, top) for rowid in tables] + [(r, s) for r, s in ranked if r not in tables]

    def ranked(
        self, question: str, mode: str, filters: dict | None, n: int
    ) -> list[tuple[int, float]]:
        """(rowid of canonical passage, score), best first."""
        allowed = self._allowed_rowids(filters)
        if allowed is not None and len(allowed) == 0:
            return []
        if mode == "dense":
            return self.dense(question, n, allowed)
        if mode == "lexical":
            return self.lexical(question, n, filters)
        fused = reciprocal_rank_fusion(
            [self.dense(question, n, allowed), self.lexical(question, n, filters)]
        )
        if mode == "rerank":
            from .rerank import rerank

            return rerank(self, question, fused)[:n]
        return fused[:n]

    def dense(
        self, question: str, n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        import faiss

        if self._faiss.ntotal == 0:
            return []
        vector = self.embedder.encode_query(question).reshape(1, -1)
        fetch = min(self._faiss.ntotal, n * 3)
        if allowed is not None and len(allowed) <= EXACT_SUBSET_LIMIT:
            return self._canonical(self._dense_subset(vector[0], allowed, fetch), n)
        params, selector = None, None
        if allowed is not None:
            # The selector must outlive the search: FAISS keeps only a raw pointer to it.
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParameters(sel=selector)
            if isinstance(self._faiss, faiss.IndexHNSW):
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, fetch))
        with self._lock:
            scores, ids = self._faiss.search(vector, fetch, params=params)
        del selector
        return self._canonical([(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0], n)

    def _dense_subset(
        self, vector: np.ndarray, allowed: np.ndarray, fetch: int
    ) -> list[tuple[int, float]]:
        """Exact search over the passages a filter allows: a graph index (HNSW) searched
        with a narrow filter would find too few of them."""
        if len(allowed) == 0:
            return []
        with self._lock:
            subset = self._faiss.reconstruct_batch(allowed)
        scores = subset @ vector
        top = np.argsort(-scores, kind="stable")[:fetch]
        return [(int(allowed[i]), float(scores[i])) for i in top]

    def _canonical(self, ranked: list[tuple[int, float]], n: int) -> list[tuple[int, float]]:
        if not ranked:
            return []
        ids = [r for r, _ in ranked]
        rows = self._query(
            f"SELECT rowid, canonical FROM passages WHERE rowid IN ({','.join('?' * len(ids))})",
            tuple(ids),
        )
        canon = {r[0]: r[1] for r in rows}
        out, seen = [], set()
        for rowid, score in ranked:
            c = canon.get(rowid, rowid)
            if c not in seen:
                seen.add(c)
                out.append((c, score))
        return out[:n]

    def lexical(
        self, question: str, n: int, filters: dict | None = None
    ) -> list[tuple[int, float]]:
        terms = query_terms(question)
        if not terms:
            return []
        match = fts_query(self.distinctive(terms))
        scope = self._resolve(filters)
        if scope is None:  # no joins: BM25 over the FTS table alone is ~2x faster
            rows = self._query(
                "SELECT rowid, bm25(passages_fts, 1.0, 0.6) AS s FROM passages_fts "
                "WHERE passages_fts MATCH ? ORDER BY s LIMIT ?",
                (match, n),
            )
            return [(int(r[0]), -float(r[1])) for r in rows]
        if not scope.docs:
            return []
        rows = self._query(
            "SELECT f.rowid, bm25(passages_fts, 1.0, 0.6) AS s, p.doc_id, p.part_slug "
            "FROM passages_fts f JOIN passages p ON p.rowid = f.rowid "
            f"WHERE passages_fts MATCH ? AND p.doc_id IN ({','.join('?' * len(scope.docs))}) "
            "ORDER BY s LIMIT ?",
            (match, *scope.docs, n if scope.parts is None else n * 4),
        )
        return [(int(r[0]), -float(r[1])) for r in rows if scope.admits(r[2], r[3])][:n]

    def document_frequency(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """How many passages mention each term (stemmed as the FTS index stems), and of how
        many; remembered per term, as the same words come back question after question."""
        total = (
            self.manifest.counts.get("passages", 0)
            or self._query("SELECT count(*) FROM passages")[0][0]
        )
        for term in terms:
            if term not in self._frequencies:
                phrase = '"' + term.replace('"', "") + '"'
                if len(self._frequencies) > 50_000:
                    self._frequencies.clear()
                self._frequencies[term] = self._query(
                    "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?",
                    (f"text:{phrase}",),
                )[0][0]
        return {t: self._frequencies[t] for t in terms}, total

    def distinctive(self, terms: list[str]) -> list[str]:
        """The terms worth a BM25 lookup: words in more than COMMON_SHARE of passages add
        little to the ranking but make FTS score most of the index; the rarest two stay."""
        if len(terms) <= 2:
            return terms
        frequencies, total = self.document_frequency(terms)
        keep = set(sorted(terms, key=lambda t: frequencies[t])[:2])
        keep |= {t for t in terms if frequencies[t] <= COMMON_SHARE * total}
        return [t for t in terms if t in keep]

    def texts(self, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        rows = self._query(
            f"SELECT rowid, text FROM passages WHERE rowid IN ({','.join('?' * len(rowids))})",
            tuple(rowids),
        )
        return {r[0]: r[1] for r in rows}

    def vectors(self, rowids: list[int]) -> np.ndarray:
        if not rowids:
            return np.zeros((0, self.manifest.dim), dtype="float32")
        with self._lock:
            return np.vstack([self._faiss.reconstruct(int(r)) for r in rowids])

    # -- hits -----------------------------------------------------------------------
    def hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [r for r, _ in ranked]
        rows = self._query(
            f"SELECT rowid, * FROM passages WHERE rowid IN ({','.join('?' * len(ids))})",
            tuple(ids),
        )
        by_id = {r["rowid"]: r for r in rows}
        copies: dict[int, list] = {}
        for r in self._query(
            "SELECT rowid, * FROM passages WHERE canonical IN "
            f"({','.join('?' * len(ids))}) AND canonical != rowid",
            tuple(ids),
        ):
            copies.setdefault(r["canonical"], []).append(r)
        return [
            self._hit(by_id[rowid], score, copies.get(rowid, []))
            for rowid, score in ranked
            if rowid in by_id
        ]

    def _hit(self, row, score: float, copies: list | None = None) -> Hit:
        passage = self._passage_dict(row)
        document = self._documents[row["doc_id"]]
        also_in = [
            citation_for(self._documents[c["doc_id"]], self._passage_dict(c)) for c in copies or []
        ]
        return Hit(
            passage=passage,
            score=round(float(score), 6),
            citation=citation_for(document, passage),
            document=dict(document),
            also_in=also_in,
            rowid=int(row["rowid"]),
        )

    def _passage_dict(self, row) -> dict:
        part = self._parts[(row["doc_id"], row["part_slug"])]
        return {
            "passage_id": row["passage_id"],
            "doc_id": row["doc_id"],
            "part": {k: v for k, v in part.items() if k != "doc_id"},
            "section": row["section"],
            "label": row["label"],
            "text": row["text"],
            "start": row["start"],
            "end": row["end"],
            "page": row["page"],
        }

    def ask(self, question: str, k: int = 10, filters: dict | None = None, history=None, mode=None):
        from .answer import answer_question

        return answer_question(self, question, k=k, filters=filters, history=history, mode=mode)


@dataclass
class Scope:
    """What a filter allows: these documents, and of them only these parts (None: all)."""

    docs: tuple[str, ...]
    parts: frozenset | None = None
    allowed: np.ndarray | None = None  # passage rowids, worked out when first needed

    def admits(self, doc_id: str, part_slug: str) -> bool:
        return self.parts is None or (doc_id, part_slug) in self.parts


def _filter_key(filters: dict | None) -> tuple:
    if not filters:
        return ()
    key = []
    for name, value in sorted(filters.items()):
        if value in (None, "", [], ()):
            continue
        values = value if isinstance(value, (list, tuple, set)) else [value]
        key.append((name, tuple(sorted(str(v).strip().lower() for v in values))))
    return tuple(key)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise FilterError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")


def _interleave(lists: list[list[tuple[int, float]]]) -> list[tuple[int, float]]:
    """Round-robin over per-council rankings so each council is heard side by side."""
    out, seen = [], set()
    for i in range(max((len(x) for x in lists), default=0)):
        for ranked in lists:
            if i < len(ranked) and ranked[i][0] not in seen:
                seen.add(ranked[i][0])
                out.append(ranked[i])
    return out


_PART_DATES = ("inspection_start", "inspection_end", "meeting_date", "published")


def _part_years(part: dict, document: dict) -> set[int]:
    dates = [part.get(c) for c in _PART_DATES] + [document.get("date")]
    return {int(d[:4]) for d in dates if d and d[:4].isdigit()}


def _years(values) -> list[int]:
    years: list[int] = []
    for v in values:
        if isinstance(v, str) and re.fullmatch(r"\d{4}\s*-\s*\d{4}", v.strip()):
            a, b = (int(x) for x in v.split("-"))
            years.extend(range(min(a, b), max(a, b) + 1))
            continue
        try:
            years.append(int(v))
        except (TypeError, ValueError) as exc:
            raise FilterError(f"year must be a number like 2023, not {v!r}") from exc
    return years
