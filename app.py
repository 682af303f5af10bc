"""The PolicyBot web app: chat with cited clauses, a clause browser, the cap calculator, feedback and staff insights.

Thin by design: every behaviour lives in `bot`; this file wires components to it.
Run `python app.py` or `policybot serve`; binds 127.0.0.1:7860 unless told otherwise.
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from datetime import date

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from bot.answer import GENERIC_EXAMPLES, calculation_table  # noqa: E402
from bot.calculator import CalculationError, Request, calculate  # noqa: E402
from bot.insights import markdown as insights_markdown  # noqa: E402
from bot.recorder import Recorder  # noqa: E402
from bot.usage import LoggedAnswer, Rating, StoreError, StoreUnavailable, new_answer_id  # noqa: E402
from bot.views import CSS, clause_card, inert, sources_panel, status_banner, tree  # noqa: E402

ROWS = 4  # calculator lines shown at once
LANGUAGES = [("自动 · auto", "auto"), ("中文", "zh"), ("English", "en")]  # auto: the question's own language


def line_choices(bot) -> list[tuple[str, str]]:
    """(label, 'document id:clause id#cap index') for every cap a clause states itself."""
    out, several = [], len(bot.docs) > 1
    for c in bot.clauses:
        for i, cap in enumerate(c.caps):
            if cap.source_id == c.id:
                amount = f"¥{cap.amount_yuan:,}" if cap.amount_yuan else "no figure"
                title = c.title if len(c.title) <= 60 else c.title[:60].rsplit(" ", 1)[0] + "…"
                where = f"{c.doc}:" if several else ""
                out.append((f"{where}{c.id} · {title} · {amount} {cap.basis}", f"{c.doc}:{c.id}#{i}"))
    return out


def as_of(text: str | None) -> date:
    """The app's date field: YYYY-MM-DD, today when empty or unreadable."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return date.today()


def make_handlers(bot, recorder: Recorder, replica: str = "local"):
    """Plain functions the UI calls; tests call them directly."""

    def answered(question: str, history: list, day: str = "", language: str = "auto") -> tuple[str, object]:
        """Answer first, then log under a new answer id; no transaction is open while the bot works."""
        started = time.perf_counter()
        answer = bot.ask(question, today=as_of(day), history=history, language=language or "auto")
        latency = round((time.perf_counter() - started) * 1000)
        answer_id = new_answer_id()
        recorder.log(LoggedAnswer.of(answer_id, question, answer, latency, replica, recorder.store.keep_text))
        return answer_id, answer

    def record(answer_id: str, rating: int, comment: str | None) -> None:
        """The one path for ratings, thumbs and /feedback alike; raises StoreError or StoreUnavailable."""
        recorder.rate(Rating.checked(answer_id, rating, comment))

    def respond(message: str, chat: list, answers: list, ids: list, day: str = "", language: str = "auto"):
        answer_id, answer = answered(message or "", answers, day, language)
        reply = {"role": "assistant", "content": answer.text}
        if answer.clarify:  # the choices of a question back, as buttons under it (named in the answer's language)
            reply["options"] = [option(choice, answer.language) for choice in answer.clarify]
        chat = chat + [{"role": "user", "content": inert(message or "")}, reply]
        several = len(bot.docs) > 1  # with several policies a cited id names its document too
        cited = [(h.clause.id, f"{h.clause.doc}:{h.clause.id}" if several else h.clause.id) for h in answer.citations]
        return ("", chat, answers + [answer], ids + [answer_id], sources_panel(answer),
                gr.update(choices=cited, value=None))

    def option(choice: str, language: str) -> dict:
        return {"value": choice, "label": bot.chinese.name_of(choice)} if language == "zh" else {"value": choice}

    def pick(data: gr.SelectData, chat: list, answers: list, ids: list, day: str = "", language: str = "auto"):
        """A choice clicked under a question back is sent as the next message, answered in the same language."""
        same = answers[-1].language if answers and language == "auto" else language
        return respond(str(data.value), chat, answers, ids, day, same)

    def rate(data: gr.LikeData, ids: list) -> str:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = int(index) // 2
        if not ids or turn >= len(ids) or not isinstance(data.liked, bool):
            return "Nothing to rate yet."
        try:
            record(ids[turn], 1 if data.liked else -1, None)
        except (StoreError, StoreUnavailable):
            return "Feedback could not be saved right now; the chat keeps working."
        return "Thanks, your feedback is saved."

    def browse(query: str):
        clause = bot.find(query) if query and query.strip() else None
        if clause is not None:
            return tree(bot.clauses, titles=bot.titles), clause_card(clause)
        return tree(bot.clauses, query or "", titles=bot.titles), ""

    def open_cited(key: str | None):
        clause = bot.find(key) if key else None
        if clause is None:
            return gr.update(), gr.update(), gr.update()
        return gr.Tabs(selected="browse"), key, clause_card(clause)

    def calc(*values):
        requests = []
        for choice, count in zip(values[::2], values[1::2]):
            if not choice:
                continue
            key, cap_index = choice.rsplit("#", 1)
            clause = bot.find(key)
            requests.append(Request(clause, clause.caps[int(cap_index)], count if count is not None else 0))
        docs = {r.clause.doc for r in requests}
        rate = bot.library.by_id[docs.pop()].rate if len(docs) == 1 else None
        mixed = f"⚠️ These lines come from {len(docs) + 1} policies; the total adds their caps.\n\n" if docs else ""
        try:
            return mixed + calculation_table(calculate(requests, rate))
        except CalculationError as err:
            return f"⚠️ {err}."

    def status(day: str = "") -> str:
        today = as_of(day)
        return status_banner(bot.library.status(bot.library.current(today), today))

    def ask_json(question: str, as_of_date: str = "") -> dict:
        """The bot's JSON contract for one question (see README), with `id`, the answer id to rate it by;
        `as_of_date` (YYYY-MM-DD, default today) is the date the policies' status is judged on."""
        answer_id, answer = answered(question or "", [], as_of_date)
        return {"id": answer_id, **answer.to_json()}

    def feedback_json(answer_id: str, rating: int, comment: str = "") -> dict:
        """Rate an answer by the `id` /ask returned: rating 1 or -1, an optional comment. Returns once committed."""
        try:
            record(answer_id, rating, comment)
        except StoreError as err:
            raise gr.Error(str(err)) from None
        except StoreUnavailable:
            raise gr.Error("feedback could not be saved right now (the database is unreachable); "
                           "try again in a minute") from None
        return {"id": answer_id, "rating": rating, "saved": True}

    def insights() -> str:
        try:
            return insights_markdown(recorder.store.insights())
        except StoreUnavailable as err:
            return f"The question log cannot be read right now: {err}"

    return respond, pick, rate, browse, open_cited, calc, status, ask_json, feedback_json, insights


def build(bot, recorder: Recorder, *, replica: str = "local", staff: bool = False) -> gr.Blocks:
    """The app; `staff` adds the Insights tab (only ever set when the app asks for a login)."""
    handlers = make_handlers(bot, recorder, replica)
    respond, pick, rate, browse, open_cited, calc, status, ask_json, feedback_json, insights = handlers
    with gr.Blocks(title="PolicyBot · Changning industrial policy") as demo:
        gr.Markdown("## PolicyBot\nAnswers from Changning district's trial policy for a modern industrial system, "
                    "citing its clauses.")
        with gr.Row():
            banner = gr.HTML(status(), elem_id="pb-status")
            day = gr.Textbox(date.today().isoformat(), label="Answer as of (YYYY-MM-DD)", max_lines=1, scale=0,
                             min_width=200, elem_id="pb-as-of")
        answers, ids = gr.State([]), gr.State([])  # the Answers shown and their answer ids, turn by turn
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab("Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(label="Conversation", height=520, allow_tags=False, sanitize_html=True,
                                          elem_id="pb-chat")
                        box = gr.Textbox(placeholder="Ask about industries, eligibility or amounts… · 可以用中文提问",
                                         show_label=False,
                                         elem_id="pb-question", max_lines=6)
                        language = gr.Radio(LANGUAGES, value="auto", label="回答语言 · Answer language",
                                            elem_id="pb-language")
                        examples = list(bot.doc.examples or GENERIC_EXAMPLES) + list(bot.chinese.examples)
                        gr.Examples(examples, inputs=box)
                        thanks = gr.Markdown(elem_id="pb-feedback")
                    with gr.Column(scale=2):
                        gr.Markdown("#### Sources")
                        sources = gr.HTML(sources_panel(None), label="Sources", elem_id="pb-sources")
                        cited = gr.Radio([], label="Open a cited clause in Browse", elem_id="pb-cited")
            with gr.Tab("Browse", id="browse"):
                search = gr.Textbox(label="Filter clauses, or type an id (e.g. II.B.4(2))", elem_id="pb-browse-search")
                detail = gr.HTML(elem_id="pb-detail")
                policy_tree = gr.HTML(tree(bot.clauses, titles=bot.titles), elem_id="pb-tree")
            with gr.Tab("Calculator", id="calculator"):
                gr.Markdown("Pick support lines and how many projects (or years, for annual lines).")
                inputs = []
                for row in range(ROWS):
                    with gr.Row():
                        inputs.append(gr.Dropdown(line_choices(bot), label=f"Support line {row + 1}", value=None,
                                                  elem_id=f"pb-line-{row}", scale=4))
                        inputs.append(gr.Number(value=1, label="Count", precision=None, elem_id=f"pb-count-{row}", scale=1))
                go = gr.Button("Calculate", variant="primary", elem_id="pb-calc")
                result = gr.Markdown(elem_id="pb-calc-result")
            if staff:
                with gr.Tab("Insights", id="insights") as insights_tab:
                    refresh = gr.Button("Refresh", elem_id="pb-insights-refresh")
                    summary = gr.Markdown(elem_id="pb-insights")
                insights_tab.select(insights, None, [summary], api_visibility="private")
                refresh.click(insights, None, [summary], api_visibility="private")
        turn = [box, chat, answers, ids, sources, cited]
        box.submit(respond, [box, chat, answers, ids, day, language], turn, api_visibility="private")
        chat.option_select(pick, [chat, answers, ids, day, language], turn, api_visibility="private")
        day.change(status, [day], [banner], api_visibility="private")
        chat.like(rate, [ids], [thanks], api_visibility="private")
        # Clearing the chat clears the answers behind it, so feedback and follow-ups never reach an old turn.
        chat.clear(lambda: ([], [], sources_panel(None), gr.update(choices=[], value=None)), None,
                   [answers, ids, sources, cited], api_visibility="private")
        cited.change(open_cited, [cited], [tabs, search, detail], api_visibility="private")
        search.change(browse, [search], [policy_tree, detail], api_visibility="private")
        go.click(calc, inputs, [result], api_visibility="private")
        demo.load(status, [day], [banner], api_visibility="private")
        gr.api(ask_json, api_name="ask")
        gr.api(feedback_json, api_name="feedback", concurrency_id="feedback", concurrency_limit=4)
    demo.queue(default_concurrency_limit=2, max_size=128)
    return demo


def auth_from_env() -> tuple[str, str] | None:
    """POLICYBOT_AUTH=user:password turns on basic auth."""
    raw = os.environ.get("POLICYBOT_AUTH", "")
    user, sep, password = raw.partition(":")
    return (user, password) if sep and user and password else None


def load_bot():
    from bot.policybot import PolicyBot

    print("PolicyBot: loading the model and the index (building it if missing or stale)…", flush=True)
    return PolicyBot()


def open_recorder() -> Recorder:
    """The configured store, migrated now if the database answers; if not, the app starts anyway."""
    from bot.store import open_store

    recorder = Recorder(open_store()).start()
    state = "paused until it answers" if recorder.paused else "on"
    print(f"PolicyBot: question log and feedback in {recorder.store.describe()} ({state})", flush=True)
    return recorder


def main(host: str = "127.0.0.1", port: int = 7860, share: bool = False) -> None:
    recorder = open_recorder()
    bot = load_bot()
    auth = auth_from_env()
    demo = build(bot, recorder, replica=f"{socket.gethostname()}:{port}", staff=auth is not None)
    print(f"PolicyBot is serving on http://{host}:{port}", flush=True)
    try:
        demo.launch(server_name=host, server_port=port, share=share, auth=auth, css=CSS,
                    show_error=False, quiet=True)
    finally:
        recorder.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve PolicyBot.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--share", action="store_true")
    args = parser.parse_args(sys.argv[1:])
    main(args.host, args.port, args.share)
