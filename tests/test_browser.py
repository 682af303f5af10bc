"""Drive the running app in headless Chromium: chat with citations, sources, Browse, Calculator, feedback, XSS.

Needs Debian's /usr/bin/chromium (CI installs it). Screenshots of each tab go to artifacts/ (git-ignored);
artifacts/chat.png is the one the README shows.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from playwright import sync_api
from playwright.sync_api import expect

from apphelpers import artifacts_dir, running_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
ANSWER_TIMEOUT = 60_000  # ms

GREEN = "We have three green building retrofit projects, what is the most we can get?"
DRONE = "What support is there for drone companies?"
ATTACKS = ("<img src=x onerror=alert(1)>", "<script>window.__pwned=1</script>", "[x](javascript:alert(1))")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("browser")) as app:
        yield app


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(served.url)
    expect(pg.locator("#pb-question textarea")).to_be_visible(timeout=30_000)
    try:
        yield pg
    finally:
        context.close()


def ask(page, question: str):
    """Type a question, press Enter, and return the new bot message once it is there."""
    bots = page.locator("#pb-chat [data-testid=bot]")
    before = bots.count()
    box = page.locator("#pb-question textarea")
    box.fill(question)
    box.press("Enter")
    expect(bots).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)
    expect(box).to_have_value("", timeout=ANSWER_TIMEOUT)  # the handler clears the box when it returns
    return bots.nth(before)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def scroll_chat_to_top(page) -> None:
    """Scroll the conversation to its start; the chat scrolls itself down after a render, so insist."""
    page.mouse.move(0, 0)
    wrap = page.locator("#pb-chat .bubble-wrap")
    settled = 0
    for _ in range(30):
        wrap.evaluate("el => el.scrollTo(0, 0)")
        page.wait_for_timeout(200)
        settled = settled + 1 if wrap.evaluate("el => el.scrollTop") == 0 else 0
        if settled == 3:
            return
    raise AssertionError("the conversation keeps scrolling away from its start")


def sources_ids(page) -> list[str]:
    return [t.strip() for t in page.locator("#pb-sources .pb-clause .pb-id b").all_inner_texts()]


def rated(served, question: str) -> list[tuple[int, str]]:
    """(rating, cited clause ids) of every rated answer to `question`, read from the app's SQLite store."""
    with sqlite3.connect(served.store.engine.path) as db:
        return db.execute("SELECT f.rating, q.cited_ids FROM feedback f JOIN question_log q USING (answer_id) "
                          "WHERE q.question = ?", (question,)).fetchall()


def test_amount_answer_with_citation(page):
    answer = ask(page, GREEN)
    text = answer.inner_text()
    assert "15,000,000" in text
    assert "II.B.4(3)" in text and "II.B.4" in text
    assert page.locator("#pb-chat [data-testid=user]").last.inner_text().strip() == GREEN
    assert sources_ids(page)[:2] == ["II.B.4(3)", "II.B.4"]
    expect(page.locator("#pb-cited label")).to_have_count(2)  # the priced item and the lead that states its cap
    # The README picture: the question and the top of the answer (total and table) in view.
    scroll_chat_to_top(page)
    page.screenshot(path=str(artifacts_dir() / "chat.png"))
    assert not page.errors


def test_retrieval_sources_and_open_cited_clause(page):
    answer = ask(page, DRONE)
    assert "II.A.2(2)-b" in answer.inner_text()
    ids = sources_ids(page)
    assert ids and ids[0] == "II.A.2(2)-b"
    first = page.locator("#pb-sources .pb-clause").first
    assert "low-altitude" in first.inner_text()
    assert first.locator("mark").count() > 0  # the question's words are highlighted
    choices = page.locator("#pb-cited input[type=radio]")
    assert [choices.nth(i).get_attribute("value") for i in range(choices.count())] == ids[:choices.count()]

    page.locator('#pb-cited label[data-testid="II.A.2(2)-b-radio-label"]').click()
    expect(page.get_by_role("tab", name="Browse")).to_have_attribute("aria-selected", "true", timeout=30_000)
    detail = page.locator("#pb-detail")
    expect(detail.locator(".pb-clause .pb-id b")).to_have_text("II.A.2(2)-b", timeout=30_000)
    expect(detail).to_contain_text("low-altitude economy")
    expect(page.locator("#pb-browse-search textarea, #pb-browse-search input").first).to_have_value("II.A.2(2)-b")
    expect(page.locator("#pb-tree .pb-node").first).to_be_visible()
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir() / "browse.png"))
    assert not page.errors


def test_calculator_total(page):
    open_tab(page, "Calculator")
    line = page.locator("#pb-line-0 input")
    line.click()
    option = page.get_by_role("option", name=re.compile(r"^II\.B\.4 · Encouraging green"))
    expect(option).to_have_count(1)
    option.click()
    expect(line).to_have_value(re.compile(r"^II\.B\.4 · .*¥5,000,000 each project$"))
    count = page.locator("#pb-count-0 input")
    count.fill("3")
    page.locator("#pb-calc").click()
    result = page.locator("#pb-calc-result")
    expect(result).to_contain_text("Total: ¥15,000,000", timeout=30_000)  # the same total as the chat answer
    table = result.locator("table")
    expect(table).to_contain_text("II.B.4")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr td").nth(4)).to_have_text("3")
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir() / "calculator.png"))
    assert not page.errors


def test_thumbs_up_saved(page, served):
    question = "What support is there for fintech companies?"
    answer = ask(page, question)
    row = page.locator("#pb-chat .message-row.bot-row").last
    row.hover()
    row.locator("xpath=following-sibling::*[contains(@class,'message-buttons')][1]").get_by_role(
        "button", name="Like", exact=True).click()
    expect(page.locator("#pb-feedback")).to_contain_text("Thanks, your feedback is saved.", timeout=30_000)
    rows = rated(served, question)
    assert len(rows) == 1
    rating, cited = rows[0]
    assert rating == 1 and "II.A.2(4)-b" in cited
    assert "II.A.2(4)-b" in answer.inner_text()


def test_questions_are_shown_literally_never_run(page):
    for attack in ATTACKS:
        ask(page, attack)
    page.wait_for_timeout(500)  # give any injected handler a chance to fire
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    chat = page.locator("#pb-chat")
    assert chat.locator("script").count() == 0
    assert chat.locator('img[src="x"]').count() == 0
    assert chat.locator("img[onerror]").count() == 0
    assert chat.locator('a[href^="javascript"]').count() == 0
    users = [t.strip() for t in chat.locator("[data-testid=user]").all_inner_texts()]
    assert users == list(ATTACKS)
    assert not page.errors


def test_thumbs_up_after_clear_rates_the_answer_shown(page, served):
    ask(page, DRONE)
    page.locator("#pb-chat").get_by_role("button", name="Clear").click()
    expect(page.locator("#pb-chat [data-testid=bot]")).to_have_count(0)
    question = "What support is there for biomedicine?"
    ask(page, question)
    page.locator("#pb-chat").get_by_role("button", name="Like", exact=True).last.click()
    expect(page.locator("#pb-feedback")).to_contain_text("Thanks", timeout=30_000)
    assert [r[0] for r in rated(served, question)] == [1] and rated(served, DRONE) == []


def test_asking_back_offers_choices_as_buttons(page):
    answer = ask(page, "How much for 4 projects?")
    assert "Which activity or industry" in answer.inner_text()
    choices = page.locator("#pb-chat button.option")
    expect(choices.first).to_be_visible(timeout=ANSWER_TIMEOUT)
    assert choices.count() >= 5
    label = choices.filter(has_text="Aviation").first.inner_text().strip()
    bots = page.locator("#pb-chat [data-testid=bot]")
    before = bots.count()
    choices.filter(has_text="Aviation").first.click()
    expect(bots).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)
    reply = bots.nth(before).inner_text()
    assert "¥40,000,000" in reply and "II.A.2(2)" in reply, (label, reply)  # 4 projects of an aviation line
    assert not page.errors


def test_chinese_question_gets_a_chinese_answer(page):
    answer = ask(page, "我们有两个低空经济项目，最多能拿多少？")
    text = answer.inner_text()
    assert "2,000万元" in text and "¥20,000,000" in text and "合计" in text and "II.A.2(2)-b" in text
    assert "中文版本为准" in text
    assert sources_ids(page)[0] == "II.A.2(2)-b"
    page.locator("#pb-language").get_by_text("English", exact=True).click()
    english = ask(page, "无人机企业有哪些支持？").inner_text()
    assert "Cap:" in english and "II.A.2(2)-b" in english
    assert not page.errors
