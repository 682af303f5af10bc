"""Several policies: numbering styles and formats, sidecars, refused files, answers by date, qualified ids, what
changed, and the incremental index. Every fixture policy is fictional and says so in its title."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.corpus import CorpusError, load_corpus, read_corpus, read_document
from ingest.diff import diff

POLICIES = Path(__file__).parent / "data" / "policies"
CORPUS = Path(__file__).parent.parent / "corpus"
NOW, TRIAL, LATER = date(2026, 11, 27), date(2025, 6, 1), date(2031, 1, 1)


@pytest.mark.parametrize("name, style, ids, caps", [
    ("changning-successor.txt", "outline", ["II.B.2", "II.B.5(1)", "II.A.2(2)-b"], {"II.B.2": 30_000_000}),
    ("city-drone-logistics.docx", "article", ["Chapter 2", "Article 3", "Article 3(2)"], {"Article 3": 8_000_000}),
    ("national-quantum-guidelines.pdf", "decimal", ["1", "2.1", "2.1.1", "2.2(2)"], {"2.1.1": 6_000_000}),
    ("fictional-cn-html.html", "chinese", ["一", "二(一)", "二(一).1", "二(一).1(2)"], {"二(一).1": 5_000_000}),
    ("fictional-cn-articles.md", "chinese-article", ["第一章", "第三条", "第三条(二)"], {"第四条": 1_000_000}),
])
def test_each_format_and_numbering_style_parses(name, style, ids, caps):
    doc = read_document(POLICIES / name)
    by_id = {c.id: c for c in doc.clauses}
    assert doc.style == style
    assert "FICTIONAL" in doc.title or "虚构" in doc.title
    assert set(ids) <= set(by_id) and not doc.unplaced
    assert {i: by_id[i].caps[0].amount_yuan for i in caps} == caps
    assert all(doc.source[c.start:c.end] == c.text for c in doc.clauses)  # every clause is a slice of the text
    assert doc.effective_from and doc.effective_until and doc.effective_from < doc.effective_until


def test_html_scripts_are_not_policy_text():
    doc = read_document(POLICIES / "fictional-cn-html.html")
    assert "alert" not in doc.source and doc.title.startswith("虚构测试政策")


def test_sidecar_fields_win_and_the_rest_is_read_from_the_text():
    doc = read_document(POLICIES / "city-drone-logistics.docx")
    assert (doc.id, doc.level, doc.issuer) == ("shanghai-drones-2025", "city", "Shanghai city government (fictional)")
    assert (doc.effective_from, doc.effective_until) == (date(2025, 1, 1), date(2027, 12, 31))  # from its text
    bare = read_document(POLICIES / "fictional-cn-articles.md")
    assert bare.id == "fictional-cn-articles" and bare.level == ""  # no sidecar: the id is the file name


def test_shipped_policy_has_its_id_and_dates(docs):
    doc = docs[0]
    assert (doc.id, doc.level, doc.effective_from, doc.effective_until) == (
        "changning-2024", "district", date(2024, 11, 15), date(2026, 11, 14))
    assert {c.doc for c in doc.clauses} == {"changning-2024"}


def test_parse_report_names_lines_it_could_not_place(tmp_path):
    (tmp_path / "odd.txt").write_text("FICTIONAL odd policy\n(1) an item before any heading\nI. Part\nA. Section\n"
                                      "Source: nobody\n2. a numbered line after the closing note\n")
    doc = read_document(tmp_path / "odd.txt")
    assert len(doc.unplaced) == 2 and "line 2" in doc.unplaced[0] and "line 6" in doc.unplaced[1]


def test_a_broken_file_is_refused_by_name_and_the_rest_loads(tmp_path, caplog):
    shutil.copy(POLICIES / "changning-successor.txt", tmp_path)
    (tmp_path / "damaged.docx").write_bytes(b"not a zip file at all")
    (tmp_path / "prose.txt").write_text("FICTIONAL\nJust prose, no numbering.\n")
    docs, refused = read_corpus(tmp_path)
    assert [d.file for d in docs] == ["changning-successor.txt"]
    assert any("damaged.docx" in r for r in refused) and any("prose.txt" in r for r in refused)
    assert [d.file for d in load_corpus(tmp_path)] == ["changning-successor.txt"]
    assert "damaged.docx" in caplog.text


def test_two_files_claiming_one_document_id_are_named(tmp_path):
    for name in ("a.txt", "b.txt"):
        shutil.copy(POLICIES / "changning-successor.txt", tmp_path / name)
        (tmp_path / f"{Path(name).stem}.policy.toml").write_text('id = "same"\n')
    docs, refused = read_corpus(tmp_path)
    assert len(docs) == 1 and "both have the document id same" in refused[0]


def test_bad_sidecar_dates_are_refused(tmp_path):
    shutil.copy(POLICIES / "changning-successor.txt", tmp_path / "p.txt")
    (tmp_path / "p.policy.toml").write_text('effective_from = "soon"\n')
    with pytest.raises(CorpusError, match="effective_from must be a date"):
        load_corpus(tmp_path)


def test_sidecar_compounds_must_be_in_the_text(tmp_path):
    shutil.copy(POLICIES / "changning-successor.txt", tmp_path / "p.txt")
    (tmp_path / "p.policy.toml").write_text('compounds = ["flying carpet"]\n')
    with pytest.raises(CorpusError, match="compounds are not in the text: flying carpet"):
        load_corpus(tmp_path)


def test_diff_aligns_lines_by_content(docs):
    changes = {(c.kind, c.old_clause, c.new_clause): c for c in diff(docs[0], read_document(
        POLICIES / "changning-successor.txt"))}
    assert changes[("raised", "II.B.2", "II.B.2")].new_cap == 30_000_000
    assert changes[("raised", "II.A.2(2)-b", "II.A.2(2)-b")].old_cap == 10_000_000
    assert ("lowered", "II.A.2(3)-b", "II.A.2(3)-b") in changes
    assert ("renumbered", "II.B.3", "II.B.4") in changes and ("renumbered", "II.B.4", "II.B.3") in changes
    assert ("added", "", "II.B.5") in changes and ("removed", "II.B.5", "") in changes


@pytest.fixture(scope="module")
def library_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*CORPUS.iterdir(), *POLICIES.glob("changning-successor.*"), *POLICIES.glob("city-drone-logistics.*")]:
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="module")
def multi(library_corpus, embedder, tmp_path_factory):
    from bot.policybot import PolicyBot
    return PolicyBot(corpus=library_corpus, index=tmp_path_factory.mktemp("ix") / "index", embedder=embedder)


def test_a_bare_id_resolves_to_the_policy_in_force(multi):
    now, then = multi.ask("II.B.2", today=NOW), multi.ask("II.B.2", today=TRIAL)
    assert now.citations[0].clause.doc == "changning-2026" and "30 million" in now.text
    assert then.citations[0].clause.doc == "changning-2024" and "20 million" in then.text
    cited = now.to_json()["citations"][0]
    assert (cited["id"], cited["doc"], cited["status"]) == ("II.B.2", "changning-2026", "in force")
    assert cited["doc_title"].startswith("FICTIONAL")


def test_a_superseded_clause_asked_by_qualified_id_says_so(multi):
    a = multi.ask("changning-2024:II.B.2", today=NOW)
    assert a.citations[0].clause.doc == "changning-2024" and "20 million" in a.text
    assert "superseded by changning-2026" in a.text and a.to_json()["citations"][0]["status"] == "superseded"


def test_an_ambiguous_bare_id_asks_which_policy(multi):
    a = multi.ask("II.B.2", today=LATER)  # both Changning policies have ended: neither is the one in force
    assert a.route == "clarify" and set(a.clarify) == {"changning-2024:II.B.2", "changning-2026:II.B.2"}
    chosen = multi.ask(a.clarify[0], today=LATER, history=[a])
    assert chosen.route == "clause" and chosen.citations[0].clause.doc == a.clarify[0].split(":")[0]


def test_word_numbered_ids_resolve(multi):
    a = multi.ask("Article 3", today=NOW)
    assert a.route == "clause" and a.citations[0].clause.id == "Article 3"
    assert a.citations[0].clause.doc == "shanghai-drones-2025"


def test_amounts_use_the_answering_policys_own_caps(multi):
    now = multi.ask("how much for 2 eVTOL projects?", today=NOW)
    then = multi.ask("how much for 2 eVTOL projects?", today=TRIAL)
    assert now.calculation.total_yuan == 30_000_000 and then.calculation.total_yuan == 20_000_000
    old = multi.ask("what did the trial policy give for 2 eVTOL projects?", today=NOW)
    assert old.calculation.total_yuan == 20_000_000 and "superseded" in old.text


def test_which_policy_applies_now(multi):
    a = multi.ask("Which policy applies now?", today=NOW)
    assert "changning-2026" in a.text.split("\n\n")[1] and "shanghai-drones-2025" in a.text
    assert "| superseded |" in a.text


def test_what_changed_in_chat(multi):
    a = multi.ask("what changed?", today=NOW)
    assert a.route == "changes"
    assert "| cap raised | Enhancing sci-tech innovation capabilities | II.B.2 | II.B.2 |" in a.text
    assert "| renumbered |" in a.text and "¥30,000,000" in a.text


def test_diff_command(library_corpus, monkeypatch, capsys):
    from bot.cli import main
    monkeypatch.setenv("POLICYBOT_CORPUS", str(library_corpus))
    assert main(["diff", "changning-2024", "changning-2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"kind": "raised", "label": "Enhancing sci-tech innovation capabilities", "old_clause": "II.B.2",
            "new_clause": "II.B.2", "old_cap": 20_000_000, "new_cap": 30_000_000, "detail": ""} in rows
    assert main(["diff", "changning-2024", "nope"]) == 2


def test_adding_a_policy_embeds_only_that_policy(library_corpus, embedder, tmp_path, monkeypatch):
    from index.build import build
    from index.store import load

    folder = tmp_path / "index"
    docs = load_corpus(library_corpus)
    build(folder, docs, embedder)
    encoded = []
    real = embedder.encode
    monkeypatch.setattr(embedder, "encode", lambda texts, **kw: encoded.append(len(texts)) or real(texts, **kw))
    more = docs + [read_document(POLICIES / "national-quantum-guidelines.pdf")]
    stored = build(folder, more, embedder)
    assert len(encoded) == 1 and encoded[0] == stored.parts["national-quantum-guidelines"].faiss.ntotal
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["documents"]) == {d.id for d in more}
    assert load(folder, docs=more).vector_count == stored.vector_count
    build(folder, docs, embedder)  # removing it drops its part
    assert len(list((folder / "docs").iterdir())) == len(docs)


def test_browse_groups_clauses_by_document(multi):
    from bot.views import tree
    html = tree(multi.clauses, titles=multi.titles)
    assert html.count('class="pb-doc"') == 3 and "(shanghai-drones-2025)</h4>" in html
    assert multi.find("changning-2024:II.B.2").doc == "changning-2024"
    assert multi.find("II.B.2", today=NOW).doc == "changning-2026"


def test_the_apps_date_field_sets_the_answers_date(multi, tmp_path):
    from app import make_handlers
    from bot.recorder import Recorder
    from bot.store import open_store
    recorder = Recorder(open_store(url="", sqlite_path=tmp_path / "log.sqlite3")).start()
    respond, pick, rate, browse, open_cited, calc, status, ask_json, *_ = make_handlers(multi, recorder)
    _, chat, answers, ids, _, _ = respond("II.B.2", [], [], [], "2025-06-01")
    assert answers[0].citations[0].clause.doc == "changning-2024" and "20 million" in chat[-1]["content"]
    assert "valid from Nov 15, 2026 to Nov 14, 2028" in status("2026-12-01")  # the banner follows the date too
    assert ask_json("II.B.2", "2026-12-01")["citations"][0]["doc"] == "changning-2026"
    recorder.close()


def test_cli_as_of_picks_the_policy_in_force(library_corpus, monkeypatch, capsys, tmp_path):
    from bot.cli import main
    monkeypatch.setenv("POLICYBOT_CORPUS", str(library_corpus))
    monkeypatch.setenv("POLICYBOT_HOME", str(tmp_path))
    assert main(["ask", "--json", "--as-of", "2025-06-01", "II.B.2"]) == 0
    then = json.loads(capsys.readouterr().out)
    assert then["citations"][0]["doc"] == "changning-2024" and then["policy"]["status"] == "in force"
    assert main(["ask", "--json", "--as-of", "2027-01-10", "changning-2024:II.B.2"]) == 0
    later = json.loads(capsys.readouterr().out)
    assert later["policy"]["status"] == "superseded" and later["policy"]["superseded_by"] == "changning-2026"
