"""The PolicyBot web app: chat with cited clauses, a clause browser, the cap calculator and feedback.

Thin by design: every behaviour lives in `bot`; this file wires components to it.
Run `python app.py` or `policybot serve`; binds 127.0.0.1:7860 unless told otherwise.
"""
from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from bot import config  # noqa: E402
from bot.answer import GENERIC_EXAMPLES, PolicyStatus, calculation_table  # noqa: E402
from bot.calculator import CalculationError, Request, calculate  # noqa: E402
from bot.feedback import FeedbackStore  # noqa: E402
from bot.views import CSS, clause_card, inert, sources_panel, status_banner, tree  # noqa: E402

ROWS = 4  # calculator lines shown at once
LANGUAGES = [("自动 · auto", "auto"), ("中文", "zh"), ("English", "en")]  # auto: the question's own language


def line_choices(bot) -> list[tuple[str, str]]:
    """(label, 'clause id#cap index') for every cap a clause states itself."""
    out = []
    for c in bot.clauses:
        for i, cap in enumerate(c.caps):
            if cap.source_id == c.id:
                amount = f"¥{cap.amount_yuan:,}" if cap.amount_yuan else "no figure"
                title = c.title if len(c.title) <= 60 else c.title[:60].rsplit(" ", 1)[0] + "…"
                out.append((f"{c.id} · {title} · {amount} {cap.basis}", f"{c.id}#{i}"))
    return out


def make_handlers(bot, store: FeedbackStore):
    """Plain functions the UI calls; tests call them directly."""

    def respond(message: str, chat: list, answers: list, language: str = "auto"):
        answer = bot.ask(message or "", history=answers, language=language or "auto")
        reply = {"role": "assistant", "content": answer.text}
        if answer.clarify:  # the choices of a question back, as buttons under it (named in the answer's language)
            reply["options"] = [option(choice, answer.language) for choice in answer.clarify]
        chat = chat + [{"role": "user", "content": inert(message or "")}, reply]
        ids = [h.clause.id for h in answer.citations]
        return "", chat, answers + [answer], sources_panel(answer), gr.update(choices=ids, value=None)

    def option(choice: str, language: str) -> dict:
        return {"value": choice, "label": bot.chinese.name_of(choice)} if language == "zh" else {"value": choice}

    def pick(data: gr.SelectData, chat: list, answers: list, language: str = "auto"):
        """A choice clicked under a question back is sent as the next message, answered in the same language."""
        same = answers[-1].language if answers and language == "auto" else language
        return respond(str(data.value), chat, answers, same)

    def rate(data: gr.LikeData, answers: list) -> str:
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = int(index) // 2
        if not answers or turn >= len(answers):
            return "Nothing to rate yet."
        a = answers[turn]
        saved = store.add(1 if data.liked else -1, a.question, a.text, [h.clause.id for h in a.citations])
        return "Thanks, your feedback is saved." if saved else "Feedback could not be saved right now; the chat keeps working."

    def browse(query: str):
        clause = bot.retriever.lookup(query) if query and query.strip() else None
        if clause is not None:
            return tree(bot.clauses), clause_card(clause)
        return tree(bot.clauses, query or ""), ""

    def open_cited(clause_id: str | None):
        if not clause_id:
            return gr.update(), gr.update(), gr.update()
        clause = bot.retriever.by_id[clause_id]
        return gr.Tabs(selected="browse"), clause_id, clause_card(clause)

    def calc(*values):
        requests = []
        for choice, count in zip(values[::2], values[1::2]):
            if not choice:
                continue
            clause_id, cap_index = choice.rsplit("#", 1)
            clause = bot.retriever.by_id[clause_id]
            requests.append(Request(clause, clause.caps[int(cap_index)], count if count is not None else 0))
        try:
            return calculation_table(calculate(requests, bot.doc.rate))
        except CalculationError as err:
            return f"⚠️ {err}."

    def status() -> str:
        from datetime import date
        return status_banner(PolicyStatus.of(bot.doc, date.today()))

    def ask_json(question: str) -> dict:
        """The bot's JSON contract for one question (see README)."""
        return bot.ask(question or "").to_json()

    return respond, pick, rate, browse, open_cited, calc, status, ask_json


def build(bot, store: FeedbackStore) -> gr.Blocks:
    respond, pick, rate, browse, open_cited, calc, status, ask_json = make_handlers(bot, store)
    with gr.Blocks(title="PolicyBot · Changning industrial policy") as demo:
        gr.Markdown("## PolicyBot\nAnswers from Changning district's trial policy for a modern industrial system, "
                    "citing its clauses.")
        banner = gr.HTML(status(), elem_id="pb-status")
        answers = gr.State([])
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
                policy_tree = gr.HTML(tree(bot.clauses), elem_id="pb-tree")
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
        box.submit(respond, [box, chat, answers, language], [box, chat, answers, sources, cited],
                   api_visibility="private")
        chat.option_select(pick, [chat, answers, language], [box, chat, answers, sources, cited],
                           api_visibility="private")
        chat.like(rate, [answers], [thanks], api_visibility="private")
        # Clearing the chat clears the answers behind it, so feedback and follow-ups never reach an old turn.
        chat.clear(lambda: ([], sources_panel(None), gr.update(choices=[], value=None)), None, [answers, sources, cited],
                   api_visibility="private")
        cited.change(open_cited, [cited], [tabs, search, detail], api_visibility="private")
        search.change(browse, [search], [policy_tree, detail], api_visibility="private")
        go.click(calc, inputs, [result], api_visibility="private")
        demo.load(status, None, [banner], api_visibility="private")
        gr.api(ask_json, api_name="ask")
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


def main(host: str = "127.0.0.1", port: int = 7860, share: bool = False) -> None:
    bot = load_bot()
    demo = build(bot, FeedbackStore(config.feedback_db()))
    print(f"PolicyBot is serving on http://{host}:{port}", flush=True)
    demo.launch(server_name=host, server_port=port, share=share, auth=auth_from_env(), css=CSS,
                show_error=False, quiet=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve PolicyBot.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--share", action="store_true")
    args = parser.parse_args(sys.argv[1:])
    main(args.host, args.port, args.share)
