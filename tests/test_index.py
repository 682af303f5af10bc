"""Retrieval on the real index: golden questions, id lookup, save/load round trip, stale and tampered files."""
from __future__ import annotations

import json

import pytest

from index.build import open_index
from index.ids import resolve
from index.search import Retriever
from index.store import IndexStoreError, load


@pytest.mark.parametrize("question, expected", [
    ("We build drones and want to test flying taxis around Hongqiao, any help?", "II.A.2(2)-b"),
    ("our law firm wants to build a legal large language model", "II.A.2(4)-a"),
    ("we want to retrofit our old office building to be low-carbon", "II.B.4(3)"),
    ("support for hosting postdocs at our company", "II.B.1(4)"),
    ("we run an ad agency doing digital advertising", "II.A.2(4)-c"),
    ("which industries does the policy focus on?", "I.A"),
    ("funding for patent analysis and IP evaluation", "II.B.5(2)"),
])
def test_golden_questions_cite_the_clause_first(bot, question, expected):
    assert bot.retriever.search(question, k=3)[0].clause.id == expected


def test_hits_carry_both_component_scores(bot):
    hit = bot.retriever.search("aircraft leasing and aviation training", k=1)[0]
    assert hit.clause.id == "II.A.2(2)-a" and hit.dense > 0 and hit.lexical > 0 and 0 < hit.score <= 1


def test_where_filters_clauses(bot):
    hits = bot.retriever.search("energy saving", k=5, where=lambda c: c.id.startswith("II.B.5"))
    assert hits and all(h.clause.id.startswith("II.B.5") for h in hits)


@pytest.mark.parametrize("spelling", ["II.B.4(2)", "ii b 4 2", "B.4.(2)", "show me clause II.B.4(2)", "ii.b.4.(2)"])
def test_id_spellings_resolve(docs, spelling):
    assert resolve(spelling, [c.id for c in docs[0].clauses]) == "II.B.4(2)"


def test_bullet_and_note_ids_resolve(docs):
    ids = [c.id for c in docs[0].clauses]
    assert resolve("II.A.2(2)-b", ids) == "II.A.2(2)-b"
    assert resolve("ii a 2 2 b", ids) == "II.A.2(2)-b"
    assert resolve("II.B.2 note", ids) == "II.B.2-note"
    assert resolve("what is the maximum for drones?", ids) is None


def test_save_load_search_gives_identical_results(bot, index_dir, docs, embedder):
    again = Retriever(load(index_dir, docs=docs).parts[docs[0].id], embedder, synonyms=bot.retriever.synonyms)
    for q in ("green building retrofit", "venture capital and wealth management", "overseas talent"):
        assert [(h.clause.id, round(h.score, 6)) for h in again.search(q)] == \
               [(h.clause.id, round(h.score, 6)) for h in bot.retriever.search(q)]


def test_manifest_records_what_the_index_was_built_from(index_dir, docs, embedder):
    manifest = json.loads((index_dir / "manifest.json").read_text())
    assert manifest["format"] == 2 and manifest["dim"] == embedder.dim
    assert {i: e["sha256"] for i, e in manifest["documents"].items()} == {d.id: d.sha256 for d in docs}
    entry = manifest["documents"][docs[0].id]
    assert manifest["weights_sha256"] == embedder.weights_sha256 and set(entry["files"]) >= {"vectors.faiss", "clauses.jsonl"}
    assert (index_dir / entry["folder"] / "vectors.faiss").is_file()


def test_stale_corpus_is_detected(index_copy, docs):
    from dataclasses import replace
    changed = [replace(docs[0], sha256="0" * 64)]
    with pytest.raises(IndexStoreError, match="built for another corpus") as err:
        load(index_copy, docs=changed)
    assert err.value.kind == "stale"


def part(index_dir, docs):
    """The folder of the shipped policy's part of the index."""
    entry = json.loads((index_dir / "manifest.json").read_text())["documents"][docs[0].id]
    return index_dir / entry["folder"]


@pytest.mark.parametrize("name, damage", [
    ("vectors.faiss", lambda p: p.write_bytes(p.read_bytes()[:100])),
    ("clauses.jsonl", lambda p: p.write_text(p.read_text().replace("5 million", "50 million"))),
    ("rows.json", lambda p: p.write_text("[]")),
])
def test_tampered_file_is_named(index_copy, docs, name, damage):
    damage(part(index_copy, docs) / name)
    with pytest.raises(IndexStoreError, match=name) as err:
        load(index_copy, docs=docs)
    assert err.value.kind == "corrupt"


def test_missing_or_broken_manifest(index_copy, docs):
    (index_copy / "manifest.json").write_text("{not json")
    with pytest.raises(IndexStoreError, match="manifest.json is not valid JSON"):
        load(index_copy, docs=docs)
    (index_copy / "manifest.json").unlink()
    with pytest.raises(IndexStoreError, match="no index at"):
        load(index_copy, docs=docs)


def test_corrupt_index_is_rebuilt_by_open_index(index_copy, docs, embedder):
    (part(index_copy, docs) / "vectors.faiss").write_bytes(b"garbage")
    stored = open_index(index_copy, docs, embedder).parts[docs[0].id]
    assert stored.faiss.ntotal == len(stored.rows) > 0
    load(index_copy, docs=docs)  # the rebuilt folder verifies


def test_failed_rebuild_keeps_the_last_good_index(index_copy, docs, embedder, monkeypatch):
    from dataclasses import replace
    before = (index_copy / "manifest.json").read_text()
    monkeypatch.setattr(embedder, "encode", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash mid-build")))
    from index.build import build
    with pytest.raises(RuntimeError):
        build(index_copy, [replace(docs[0], sha256="1" * 64)], embedder)  # a changed document must be re-embedded
    assert (index_copy / "manifest.json").read_text() == before
    load(index_copy, docs=docs)


def test_wrong_model_weights_are_refused(tmp_path):
    from index.embed import ModelError, ModelSpec, verify_weights
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    with pytest.raises(ModelError, match="expected 53aa51172d14"):
        verify_weights(ModelSpec(str(tmp_path), "x", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"))
