"""Resume chunks in pgvector through LangChain's ``PGVectorStore``, with hybrid retrieval.

One table per embedding model and dimension (``resume_chunks_minilm_384``,
``resume_chunks_bge_m3_1024``), so changing the embedder never mixes vector spaces.
The table is created on first use, idempotently and under an advisory lock (several app
replicas may start at once), by ``PGEngine.init_vectorstore_table``: columns
``langchain_id`` (uuid), ``content``, ``embedding vector(d)``, ``content_tsv`` (tsvector,
'simple' configuration, filled on insert), ``session_id``, ``section``, ``page``,
``chunk_index``, ``langchain_metadata``; indexes: HNSW (cosine) on the embedding, GIN on
``content_tsv``, btree on ``(session_id, chunk_index)``.

Search is hybrid because the offline English embedder is weak on Korean: the vector leg
(``PGVectorStore``, filtered by session, HNSW with pgvector >= 0.8 iterative scans so the
filter cannot starve it) and a keyword leg (full-text prefix match in the 'simple'
configuration, which keeps Korean tokens whole, plus ILIKE for substrings inside Korean
words) are fused by reciprocal rank.

This module does not import ``pipelines``: chunks and the embedder are typed by shape.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, bindparam, create_engine, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text

from db.engine import normalise_url

if TYPE_CHECKING:
    from langchain_postgres import PGEngine, PGVectorStore

log = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank-fusion constant
_VECTOR_FETCH = 40  # rows the vector leg returns (PGVectorStore takes it from the hybrid config)
_METADATA_COLUMNS = ["session_id", "section", "page", "chunk_index"]
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have how in is it of on or the their this to was were what when where "
    "which who with your you about tell me describe 및 그 이 저 것 수 등".split()
)
_PARTICLES = ("에서", "으로", "에게", "까지", "부터", "처럼",
              "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도")
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class RetrievedChunk:
    id: str
    text: str
    section: str
    page: int
    score: float


class ChunkLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def page(self) -> int: ...
    @property
    def index(self) -> int: ...


class EmbedderLike(Protocol):
    """``pipelines.embeddings.Embedder`` (also a LangChain ``Embeddings``)."""

    @property
    def model_id(self) -> str: ...
    @property
    def dimension(self) -> int: ...
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...
    def embed_query(self, text: str) -> list[float]: ...


def table_name(model_id: str, dimension: int) -> str:
    lowered = model_id.lower()
    slug = "minilm" if "minilm" in lowered else (re.sub(r"[^a-z0-9]+", "_", lowered).strip("_")[:30] or "model")
    return f"resume_chunks_{slug}_{dimension}"


def keyword_terms(query: str, limit: int = 16) -> list[str]:
    """Search terms: lower-case words of 2+ characters without stop words; a Korean word
    loses a trailing particle (``파이프라인을`` → ``파이프라인``) because matching is by prefix."""
    terms: list[str] = []
    for word in re.findall(r"[^\W_]+", query.lower()):
        if _HANGUL.search(word) and len(word) >= 3:
            for particle in _PARTICLES:
                if word.endswith(particle) and len(word) - len(particle) >= 2:
                    word = word[: -len(particle)]
                    break
        if len(word) >= 2 and word not in _STOPWORDS and word not in terms:
            terms.append(word)
    return terms[:limit]


def fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to the ids it holds."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank + 1)
    return scores


class ResumeStore:
    """Session-scoped resume chunks. Thread-safe; nothing connects or loads until first use."""

    def __init__(self, database_url: str, embedder: EmbedderLike) -> None:
        self._url = normalise_url(database_url)
        self._embedder = embedder
        self._lock = threading.Lock()
        self._sql: Engine | None = None
        self._pg_engine: PGEngine | None = None
        self._store: PGVectorStore | None = None
        self._table = ""

    # --- set-up ------------------------------------------------------------

    @property
    def table(self) -> str:
        """The table for the embedder in use (creating it if needed)."""
        self._ensure()
        return self._table

    def _ensure(self) -> tuple[Engine, PGVectorStore]:
        if self._store is not None and self._sql is not None:
            return self._sql, self._store
        with self._lock:
            if self._store is None or self._sql is None:
                self._open()
        assert self._sql is not None and self._store is not None
        return self._sql, self._store

    def _open(self) -> None:
        from langchain_postgres import Column, PGEngine, PGVectorStore
        from langchain_postgres.v2.hybrid_search_config import HybridSearchConfig
        from langchain_postgres.v2.indexes import HNSWIndex

        dimension = self._embedder.dimension
        table = table_name(self._embedder.model_id, dimension)
        sql = create_engine(self._url, pool_size=2, max_overflow=4, pool_pre_ping=True)
        pg_engine = PGEngine.from_connection_string(self._url, pool_size=3, max_overflow=3, pool_pre_ping=True)
        hybrid = HybridSearchConfig(tsv_column="content_tsv", tsv_lang="pg_catalog.simple", primary_top_k=_VECTOR_FETCH)
        lock_key = int.from_bytes(hashlib.sha256(table.encode()).digest()[:4], "big")
        with sql.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key})
            try:
                exists = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"public.{table}"}).scalar_one()
                conn.commit()
                if not exists:
                    pg_engine.init_vectorstore_table(
                        table, dimension, hybrid_search_config=hybrid,
                        metadata_columns=[Column("session_id", "UUID", nullable=False),
                                          Column("section", "TEXT", nullable=False),
                                          Column("page", "INTEGER", nullable=False),
                                          Column("chunk_index", "INTEGER", nullable=False)],
                    )
                    log.info("created resume chunk table", extra={"fields": {"table": table}})
                store = PGVectorStore.create_sync(
                    pg_engine, embedding_service=self._embedder,  # type: ignore[arg-type]
                    table_name=table, metadata_columns=_METADATA_COLUMNS, hybrid_search_config=hybrid,
                    index_query_options=_iterative_hnsw_options(),
                )
                if not exists:
                    store.apply_vector_index(HNSWIndex(name=f"{table}_hnsw"))
                conn.execute(text(f'CREATE INDEX IF NOT EXISTS "{table}_tsv" ON "{table}" USING GIN (content_tsv)'))
                conn.execute(text(
                    f'CREATE INDEX IF NOT EXISTS "{table}_session" ON "{table}" (session_id, chunk_index)'))
                conn.commit()
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key})
                conn.commit()
        self._sql, self._pg_engine, self._store, self._table = sql, pg_engine, store, table

    def close(self) -> None:
        with self._lock:
            if self._sql is not None:
                self._sql.dispose()
            if self._pg_engine is not None:
                self._pg_engine._run_as_sync(self._pg_engine.close())
            self._sql = self._pg_engine = self._store = None

    # --- the interface -----------------------------------------------------

    def add_chunks(self, *, session_id: uuid.UUID, chunks: Sequence[ChunkLike]) -> list[str]:
        """Store the chunks as the session's resume, replacing any earlier upload. Returns ids
        in chunk order. The old chunks go only after the new ones are in, so a failure
        midway leaves the earlier resume searchable."""
        sql, store = self._ensure()
        texts = [c.text for c in chunks]
        vectors = self._embedder.embed_documents(texts)
        ids = [str(uuid.uuid4()) for _ in chunks]
        metadatas: list[dict[str, Any]] = [
            {"session_id": str(session_id), "section": c.section, "page": int(c.page), "chunk_index": int(c.index)}
            for c in chunks
        ]
        lock_key = int.from_bytes(session_id.bytes[:8], "big", signed=True)
        with sql.connect() as lock:  # two uploads for one session at once: one after the other
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key})
            try:
                old = self._ids(sql, session_id)
                try:
                    if texts:
                        store.add_embeddings(texts, vectors, metadatas=metadatas, ids=ids)
                except Exception:
                    self._delete_ids(sql, ids)
                    raise
                self._delete_ids(sql, old)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key})
                lock.commit()
        return ids

    def search(self, *, session_id: uuid.UUID, query: str, k: int = 4) -> list[RetrievedChunk]:
        """The session's chunks most relevant to ``query``: vector and keyword ranks fused."""
        sql, store = self._ensure()
        fetch = min(max(3 * k, 12), _VECTOR_FETCH)
        rows: dict[str, RetrievedChunk] = {}
        vector_rank: list[str] = []
        if query.strip():
            found = store.similarity_search_with_score_by_vector(
                self._embedder.embed_query(query), k=fetch, filter={"session_id": {"$eq": str(session_id)}},
            )
            for doc, _distance in found[:fetch]:
                doc_id = str(doc.id)
                vector_rank.append(doc_id)
                rows[doc_id] = RetrievedChunk(doc_id, doc.page_content, str(doc.metadata.get("section", "other")),
                                              int(doc.metadata.get("page", 1)), 0.0)
        keyword_rank = []
        for chunk in self._keyword(sql, session_id, query, fetch):
            keyword_rank.append(chunk.id)
            rows.setdefault(chunk.id, chunk)
        scores = fuse([vector_rank, keyword_rank])
        best = sorted(scores, key=lambda doc_id: scores[doc_id], reverse=True)[:k]
        return [RetrievedChunk(doc_id, rows[doc_id].text, rows[doc_id].section, rows[doc_id].page,
                               round(scores[doc_id], 6)) for doc_id in best]

    def chunks(self, *, session_id: uuid.UUID) -> list[RetrievedChunk]:
        """All of the session's chunks in document order (score 0)."""
        sql, _ = self._ensure()
        with sql.connect() as conn:
            result = conn.execute(text(
                f'SELECT langchain_id, content, section, page FROM "{self._table}" '
                "WHERE session_id = :sid ORDER BY chunk_index"), {"sid": session_id})
            return [RetrievedChunk(str(r[0]), r[1], r[2], r[3], 0.0) for r in result]

    def delete_session(self, *, session_id: uuid.UUID) -> None:
        sql, _ = self._ensure()
        with sql.begin() as conn:
            conn.execute(text(f'DELETE FROM "{self._table}" WHERE session_id = :sid'), {"sid": session_id})

    # --- helpers -----------------------------------------------------------

    def _ids(self, sql: Engine, session_id: uuid.UUID) -> list[str]:
        with sql.connect() as conn:
            result = conn.execute(text(f'SELECT langchain_id FROM "{self._table}" WHERE session_id = :sid'),
                                  {"sid": session_id})
            return [str(r[0]) for r in result]

    def _delete_ids(self, sql: Engine, ids: list[str]) -> None:
        if not ids:
            return
        statement = text(f'DELETE FROM "{self._table}" WHERE langchain_id::text = ANY(:ids)').bindparams(
            bindparam("ids", type_=ARRAY(Text)))
        with sql.begin() as conn:
            conn.execute(statement, {"ids": ids})

    def _keyword(self, sql: Engine, session_id: uuid.UUID, query: str, limit: int) -> list[RetrievedChunk]:
        terms = keyword_terms(query)
        if not terms:
            return []
        tsquery = " | ".join(f"'{term}':*" for term in terms)  # terms are word characters only
        patterns = [f"%{term}%" for term in terms]
        statement = text(
            f"""SELECT langchain_id, content, section, page,
                       ts_rank_cd(content_tsv, to_tsquery('simple', :q))
                       + (SELECT count(*) FROM unnest(:patterns) AS p WHERE content ILIKE p) AS score
                FROM "{self._table}"
                WHERE session_id = :sid
                  AND (content_tsv @@ to_tsquery('simple', :q) OR content ILIKE ANY(:patterns))
                ORDER BY score DESC, chunk_index
                LIMIT :limit"""
        ).bindparams(bindparam("patterns", type_=ARRAY(Text)))
        with sql.connect() as conn:
            result = conn.execute(statement, {"q": tsquery, "patterns": patterns, "sid": session_id, "limit": limit})
            return [RetrievedChunk(str(r[0]), r[1], r[2], r[3], float(r[4])) for r in result]


def _iterative_hnsw_options() -> Any:
    from langchain_postgres.v2.indexes import QueryOptions

    class IterativeHnsw(QueryOptions):
        """pgvector >= 0.8: keep scanning the HNSW graph until the session filter has k rows."""

        def to_parameter(self) -> list[str]:
            return ["hnsw.ef_search = 64", "hnsw.iterative_scan = strict_order"]

        def to_string(self) -> str:
            return ", ".join(self.to_parameter())

    return IterativeHnsw()

