"""The keyword leg's terms, rank fusion and table naming (pure functions of db.vectorstore)."""

from __future__ import annotations

from db.vectorstore import fuse, keyword_terms, table_name
from pipelines.embeddings import model_id_for
from pipelines.model_files import minilm


def test_terms_drop_stop_words_and_korean_particles() -> None:
    assert keyword_terms("Tell me about the Kafka pipeline, and Kafka!") == ["kafka", "pipeline"]
    assert keyword_terms("파이프라인을 카프카로 재설계한 경험") == ["파이프라인", "카프카", "재설계한", "경험"]
    assert keyword_terms("' OR 1=1; DROP TABLE x; --") == ["drop", "table"]  # word characters only
    assert keyword_terms("a ? !") == []


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    scores = fuse([["a", "b", "c"], ["c", "a"]])
    assert sorted(scores, key=lambda k: scores[k], reverse=True) == ["a", "c", "b"]
    assert scores["a"] == 1 / 61 + 1 / 62


def test_table_names_per_model_and_dimension() -> None:
    assert model_id_for(str(minilm())) == "all-MiniLM-L6-v2"
    assert model_id_for("/models/bge-m3") == "bge-m3"
    assert model_id_for("/models/bge-m3/model") == "bge-m3"
    assert table_name("all-MiniLM-L6-v2", 384) == "resume_chunks_minilm_384"
    assert table_name("bge-m3", 1024) == "resume_chunks_bge_m3_1024"
