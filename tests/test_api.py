"""The /ask endpoint through gradio_client against the app served on a loopback port: the JSON contract."""
from __future__ import annotations

import pytest

from apphelpers import running_app

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("api")) as served:
        c = gradio_client.Client(served.url, verbose=False)
        try:
            yield c
        finally:
            c.close()


def check_contract(body: dict) -> None:
    assert set(body) == {"question", "answer", "abstained", "route", "citations", "calculation", "alternatives", "clarify", "verdict", "policy",
                        "language"}
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
    assert set(policy) == {"title", "effective_from", "effective_until", "expired", "as_of"}
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
