"""The /ask and /feedback endpoints through gradio_client against the app served on a loopback port."""
from __future__ import annotations

import pytest

from apphelpers import running_app

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("api")) as app:
        yield app


@pytest.fixture(scope="module")
def client(served):
    c = gradio_client.Client(served.url, verbose=False)
    try:
        yield c
    finally:
        c.close()


def check_contract(body: dict) -> None:
    assert set(body) == {"id", "question", "answer", "abstained", "route", "citations", "calculation", "alternatives",
                         "clarify", "verdict", "policy", "language"}
    assert isinstance(body["id"], str) and len(body["id"]) == 32
    assert isinstance(body["question"], str)
    assert isinstance(body["answer"], str) and body["answer"]
    assert isinstance(body["abstained"], bool)
    assert isinstance(body["citations"], list)
    for cit in body["citations"]:
        assert set(cit) >= {"id", "section", "text", "score"}
        assert isinstance(cit["id"], str) and cit["id"]
        assert isinstance(cit["section"], str)
        assert isinstance(cit["text"], str) and cit["text"]
        assert isinstance(cit["score"], (int, float))
    assert body["calculation"] is None or isinstance(body["calculation"], dict)
    policy = body["policy"]
    assert set(policy) == {"title", "effective_from", "effective_until", "expired", "as_of", "doc", "status", "superseded_by"}
    assert isinstance(policy["title"], str) and policy["title"]
    assert policy["effective_from"] == "2024-11-15"
    assert policy["effective_until"] == "2026-11-14"
    assert isinstance(policy["expired"], bool)


def test_ask_amount(client):
    q = "We have three green building retrofit projects, what is the most we can get?"
    body = client.predict(q, api_name="/ask")
    check_contract(body)
    assert body["question"] == q
    assert body["abstained"] is False
    ids = [c["id"] for c in body["citations"]]
    assert ids[0] == "II.B.4(3)" and "II.B.4" in ids
    assert "15,000,000" in body["answer"]
    assert body["calculation"] is not None
    assert body["calculation"]["total_yuan"] == 15_000_000


def test_ask_retrieval(client):
    body = client.predict("What support is there for drone companies?", api_name="/ask")
    check_contract(body)
    assert body["abstained"] is False
    assert body["calculation"] is None
    assert body["citations"][0]["id"] == "II.A.2(2)-b"
    assert "low-altitude" in body["citations"][0]["text"]


def test_ask_out_of_scope_abstains(client):
    body = client.predict("What is the capital of France?", api_name="/ask")
    check_contract(body)
    assert body["abstained"] is True
    assert body["citations"] == []
    assert body["calculation"] is None


def test_ask_empty_question(client):
    body = client.predict("", api_name="/ask")
    check_contract(body)
    assert body["abstained"] is True


def test_every_answer_is_logged_and_can_be_rated(client, served):
    first = client.predict("What support is there for drone companies?", api_name="/ask")
    second = client.predict("What is the capital of France?", api_name="/ask")
    assert first["id"] != second["id"] and {first["id"], second["id"]} <= served.store.answer_ids()
    saved = client.predict(first["id"], -1, "the cap looks wrong", api_name="/feedback")
    assert saved == {"id": first["id"], "rating": -1, "saved": True}
    assert served.store.ratings()[first["id"]] == -1
    summary = served.store.insights()
    assert "II.A.2(2)-b" in dict(summary.top_clauses)
    assert any(d.text == "what is the capital of france" for d in summary.declined)
    assert [t.comment for t in summary.thumbs_down] == ["the cap looks wrong"]


def test_feedback_errors_are_clear(client):
    answer_id = client.predict("Can my company apply?", api_name="/ask")["id"]
    with pytest.raises(Exception, match="unknown answer id"):
        client.predict("0" * 32, 1, "", api_name="/feedback")
    with pytest.raises(Exception, match=r"rating must be 1 \(thumbs up\) or -1"):
        client.predict(answer_id, 5, "", api_name="/feedback")


def test_insights_tab_only_for_staff(served):
    import gradio as gr

    import app
    from bot.recorder import Recorder

    recorder = Recorder(served.store)  # not started: the served app's recorder owns the store
    tabs = {staff: [b.label for b in app.build(served.bot, recorder, staff=staff).blocks.values()
                    if isinstance(b, gr.Tab)] for staff in (False, True)}
    assert "Insights" not in tabs[False] and "Insights" in tabs[True]
    insights = app.make_handlers(served.bot, recorder)[-1]
    assert "#### Questions per day" in insights() and "Thumbs-down answers" in insights()
