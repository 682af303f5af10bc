"""The real policy parses into the right clause tree, caps, dates and rate; bad files fail clearly."""
from __future__ import annotations

import pytest

from ingest.caps import parse_amount
from ingest.corpus import CorpusError, read_document
from ingest.parse import ParseError, parse_document
from ingest.windows import windows

EXPECTED_IDS = (
    ["preamble-1", "preamble-2", "preamble-3", "I", "I.A", "I.B", "II", "II.A", "II.A.1",
     "II.A.1(1)", "II.A.1(2)", "II.A.1(3)", "II.A.2"]
    + [f"II.A.2({s}){b}" for s, bullets in ((1, "ab"), (2, "ab"), (3, "abc"), (4, "abc")) for b in [""] + [f"-{x}" for x in bullets]]
    + ["II.B"]
    + [i for item, n in ((1, 5), (2, 4), (3, 4), (4, 4), (5, 4))
       for i in [f"II.B.{item}"] + [f"II.B.{item}({k})" for k in range(1, n + 1)] + (["II.B.2-note"] if item == 2 else [])]
    + ["note"]
)


def test_every_item_and_bullet_is_one_clause(docs):
    assert [c.id for c in docs[0].clauses] == EXPECTED_IDS


def test_text_is_the_exact_source_slice(docs):
    doc = docs[0]
    for c in doc.clauses:
        assert doc.source[c.start:c.end] == c.text and c.text.strip() == c.text


def test_heading_paths_and_text(docs):
    by_id = {c.id: c for c in docs[0].clauses}
    assert by_id["II.A.2(2)-a"].section == ("II. Support measures > A. Building a more competitive industrial ecosystem"
                                            " > 2. Enhancing industry clusters > (2) Aviation and transportation services")
    assert by_id["II.A.2(2)-b"].text.startswith("Develop the low-altitude economy")
    assert by_id["II.B.2-note"].text.startswith('*"Little giant" companies')
    assert by_id["preamble-2"].text.startswith("The policy is effective from Nov 15, 2024")
    assert by_id["II.A.2(1)"].heading_only and not by_id["II.B.4(3)"].heading_only


CAPS = {
    "II.A.1(1)": [(100_000_000, "annually, per entity")],
    "II.A.1(2)": [(100_000_000, "per project, annually"), (30_000_000, "each, one-time or annual")],
    **{i: [(10_000_000, "per eligible project")] for i in ("II.A.2(1)-a", "II.A.2(1)-b", "II.A.2(2)-a", "II.A.2(2)-b", "II.A.2(3)-a")},
    **{i: [(5_000_000, "per eligible project")] for i in ("II.A.2(3)-b", "II.A.2(3)-c", "II.A.2(4)-a", "II.A.2(4)-b")},
    "II.A.2(4)-c": [(3_000_000, "per eligible project")],
    **{i: [(5_000_000, "each talent, team or project")] for i in ["II.B.1"] + [f"II.B.1({k})" for k in range(1, 6)]},
    **{i: [(20_000_000, "each project")] for i in ["II.B.2"] + [f"II.B.2({k})" for k in range(1, 5)]},
    **{i: [(5_000_000, "each project")] for s in (3, 4) for i in [f"II.B.{s}"] + [f"II.B.{s}({k})" for k in range(1, 5)]},
    **{i: [(1_000_000, "each project")] for i in ["II.B.5"] + [f"II.B.5({k})" for k in range(1, 5)]},
}


@pytest.mark.parametrize("clause_id", sorted(CAPS))
def test_caps(docs, clause_id):
    clause = next(c for c in docs[0].clauses if c.id == clause_id)
    assert [(c.amount_yuan, c.basis) for c in clause.caps] == CAPS[clause_id]
    stating = next(c for c in docs[0].clauses if c.id == clause.caps[0].source_id)
    assert all(cap.phrase in stating.text for cap in clause.caps)  # the phrase is quoted, not rebuilt


def test_inherited_caps_name_their_source(docs):
    by_id = {c.id: c for c in docs[0].clauses}
    assert by_id["II.B.4(3)"].caps[0].source_id == "II.B.4"
    assert by_id["II.A.2(2)-b"].caps[0].source_id == "II.A.2(2)-b"


def test_no_figure_is_invented_for_similar_support(docs):
    clause = next(c for c in docs[0].clauses if c.id == "II.A.1(3)")
    assert [c.amount_yuan for c in clause.caps] == [None]
    assert "similar to the focus industries" in clause.caps[0].phrase


def test_dates_and_rate(docs):
    doc = docs[0]
    assert (doc.effective_from.isoformat(), doc.effective_until.isoformat()) == ("2024-11-15", "2026-11-14")
    assert (doc.rate_yuan, doc.rate_usd) == (100_000_000, 14_050_000)


@pytest.mark.parametrize("text, yuan", [
    ("up to 5 million yuan", 5_000_000), ("2.5 billion yuan", 2_500_000_000), ("RMB 3 million", 3_000_000),
    ("¥1,200,000", 1_200_000), ("500万元", 5_000_000), ("1亿元", 100_000_000), ("no money here", None),
])
def test_amount_phrases(text, yuan):
    assert parse_amount(text) == yuan


def test_long_text_is_split_into_windows_that_fit():
    text = " ".join(f"Sentence number {i} about support." for i in range(200))
    count = lambda t: len(t.split())  # noqa: E731 - words stand in for tokens here
    parts = windows(text, count, max_tokens=50)
    assert len(parts) > 1 and all(count(p) <= 50 for p in parts)
    assert parts[1].split(".")[0] in parts[0]  # consecutive windows overlap


def test_long_clause_windows_with_the_real_tokenizer(embedder):
    text = "Support drone research and operations. " * 80
    parts = windows(text, embedder.count_tokens, embedder.max_tokens)
    assert len(parts) > 1 and all(embedder.count_tokens(p) <= embedder.max_tokens for p in parts)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n")
    with pytest.raises(CorpusError, match="empty.txt is empty"):
        read_document(path)


def test_unstructured_file_is_refused(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("A title\nJust some prose.\nMore prose.\n")
    with pytest.raises(CorpusError, match="prose.txt: no numbered clauses"):
        read_document(path)


def test_undecodable_bytes_name_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Title\nI. Part\n\xff\xfe broken\n")
    with pytest.raises(CorpusError, match=r"bad.txt, line 3: not valid UTF-8"):
        read_document(path)


def test_duplicate_numbering_is_refused():
    with pytest.raises(ParseError, match="appears twice"):
        parse_document("T\nI. Part\nA. One\nA. Again\n", "dup")


def test_two_documents_with_the_same_numbering_load_under_their_own_ids(tmp_path):
    from ingest.corpus import load_corpus
    from tests.conftest import CORPUS
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text((CORPUS / "changning-modern-industrial-system-policy.txt").read_text())
    docs = load_corpus(tmp_path)
    assert [d.id for d in docs] == ["a", "b"] and all("II.B.2" in {c.id for c in d.clauses} for d in docs)
