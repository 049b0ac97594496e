"""ResumeStore on a real PostgreSQL + pgvector with the real offline embedder: table per
model, indexes, hybrid (vector + keyword) retrieval in Korean and English, isolation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from db.engine import Database
from db.vectorstore import ResumeStore
from pipelines.embeddings import Embedder
from pipelines.models import ModelRegistry
from pipelines.resume import ResumeChunk, parse_pdf, process_pages
from pipelines.settings import Settings
from tests import pdf_factory


def _chunks(data: bytes) -> list[ResumeChunk]:
    parsed = parse_pdf(data, max_pages=30, max_chars=300_000, timeout_s=15, memory_mb=512)
    return process_pages(parsed.pages, chunk_chars=400, overlap=80).chunks


@pytest.fixture
def store(db: Database, settings: Settings) -> Iterator[ResumeStore]:
    resume_store = ResumeStore(db.url, Embedder(ModelRegistry(settings)))
    yield resume_store
    resume_store.close()


def test_table_per_model_and_dimension_with_its_indexes(store: ResumeStore, db: Database) -> None:
    assert store.table == "resume_chunks_minilm_384"
    with db.engine.connect() as conn:
        indexes = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"),
                                    {"t": store.table}).all())
        dimension = conn.execute(text(
            "SELECT atttypmod FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attname = 'embedding'"),
            {"t": store.table}).scalar_one()
    assert dimension == 384
    assert any("USING hnsw" in d and "vector_cosine_ops" in d for d in indexes.values())
    assert any("USING gin" in d and "content_tsv" in d for d in indexes.values())
    assert any("session_id" in d for d in indexes.values())
    # a second store (another replica) finds the table and creates nothing twice
    other = ResumeStore(db.url, store._embedder)  # noqa: SLF001 - same embedder, second instance
    assert other.table == store.table
    other.close()


def test_korean_query_finds_the_korean_chunk(store: ResumeStore) -> None:
    session = uuid.uuid4()
    ids = store.add_chunks(session_id=session, chunks=_chunks(pdf_factory.korean_resume()))
    assert len(ids) >= 5
    found = store.search(session_id=session, query="추천 시스템을 구축한 경험", k=2)
    assert found[0].section == "projects" and "실시간 추천 시스템 구축" in found[0].text
    keyword = store._keyword(store._ensure()[0], session, "추천 시스템을", 5)  # noqa: SLF001 - the Korean leg
    assert keyword and keyword[0].section == "projects"
    education = store.search(session_id=session, query="서울대학교", k=1)
    assert education[0].section == "education" and education[0].page == 2
    assert found[0].score > 0


def test_english_query_finds_the_right_section(store: ResumeStore) -> None:
    session = uuid.uuid4()
    store.add_chunks(session_id=session, chunks=_chunks(pdf_factory.english_resume()))
    assert store.search(session_id=session, query="Which university degree do you hold?", k=1)[0].section == "education"
    top = store.search(session_id=session, query="billing platform migration latency", k=1)[0]
    assert top.section == "experience" and "billing platform" in top.text and top.page == 1
    assert store.search(session_id=session, query="fraud detection streaming", k=1)[0].section == "projects"


def test_sessions_are_isolated_replaced_and_deleted(store: ResumeStore) -> None:
    mine, others = uuid.uuid4(), [uuid.uuid4() for _ in range(15)]
    korean, english = _chunks(pdf_factory.korean_resume()), _chunks(pdf_factory.english_resume())
    for other in others:
        store.add_chunks(session_id=other, chunks=english)
    store.add_chunks(session_id=mine, chunks=korean)
    mine_ids = {c.id for c in store.chunks(session_id=mine)}
    results = store.search(session_id=mine, query="billing platform university Python Kafka", k=4)
    assert len(results) == 4 and {r.id for r in results} <= mine_ids
    in_order = store.chunks(session_id=mine)
    assert [c.text for c in in_order] == [c.text for c in korean]  # document order
    store.add_chunks(session_id=mine, chunks=english)  # re-upload replaces
    assert [c.text for c in store.chunks(session_id=mine)] == [c.text for c in english]
    store.delete_session(session_id=mine)
    assert store.chunks(session_id=mine) == [] and store.search(session_id=mine, query="Python") == []
    assert len(store.chunks(session_id=others[0])) == len(english)
