"""The registry's "embedder" behind a small interface that is also a LangChain ``Embeddings``.

The model loads on first use (``ModelRegistry.get``), never at construction, so building
services does not load it. Vectors are L2-normalised: cosine distance in pgvector.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from pipelines import model_files
from pipelines.models import ModelRegistry

_WRAPPER_DIRS = {"model", "models", "data", "snapshot", "snapshots"}


def model_id_for(location: str) -> str:
    """A stable, readable name for the model at ``location`` (the table name derives from it)."""
    path = Path(location)
    try:
        if path.resolve() == model_files.minilm().resolve():
            return "all-MiniLM-L6-v2"
    except model_files.ModelFileMissing:
        pass
    name = path.name or location
    if name.lower() in _WRAPPER_DIRS and path.parent.name:
        name = path.parent.name
    return name


class Embedder(Embeddings):
    batch_size = 32

    def __init__(self, models: ModelRegistry, name: str = "embedder") -> None:
        self._models = models
        self._name = name

    @property
    def model(self) -> Any:
        return self._models.get(self._name)

    @property
    def model_id(self) -> str:
        return model_id_for(self._models.location(self._name))

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def loaded(self) -> bool:
        return self._models.is_loaded(self._name)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
