"""The `policybot` command: a thin layer over ingest, index and bot. Heavy imports stay inside commands.

    policybot ingest [--show <clause id>]
    policybot index
    policybot ask "Can my company apply?"        policybot ask --json "..."
    policybot ask --as-of 2025-06-01 "Is the policy in force?"
    policybot ask "我的公司可以申请吗？"          (Chinese and mixed questions are answered in their majority language)
    policybot ask --lang en "无人机企业有哪些支持？"   (answer in English; --lang zh answers in Chinese)
    printf 'q1\\nq2\\n' | policybot ask --json    (one JSON object per input line; blank lines give an error object)
    policybot lines [--json]                      (the support-line catalogue)
    policybot eval
    policybot serve [--host 127.0.0.1] [--port 7860]
    policybot feedback export [--out feedback.csv]
    policybot bench [--quick]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policybot", description="Answers from the policies in the corpus, citing their clauses.")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="parse the corpus and print a summary")
    ingest.add_argument("--show", metavar="ID", help="print this branch of the clause tree with its caps")
    sub.add_parser("index", help="build the search index (rebuilds when stale or corrupt)")
    ask = sub.add_parser("ask", help="answer a question (or one per stdin line)")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                     help="judge the policy's status on this date (default: today)")
    ask.add_argument("--lang", choices=["auto", "zh", "en"], default="auto",
                     help="answer in Chinese or English (default: the question's own language)")
    lines = sub.add_parser("lines", help="print the support-line catalogue")
    lines.add_argument("--json", action="store_true", help="print it as JSON")
    sub.add_parser("eval", help="retrieval and abstention scores on the evaluation sets")
    serve = sub.add_parser("serve", help="start the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--share", action="store_true", help="ask Gradio for a public share link")
    feedback = sub.add_parser("feedback", help="feedback stored by the app")
    feedback.add_argument("action", choices=["export"])
    feedback.add_argument("--out", default="-", help="CSV file to write (default: stdout)")
    bench = sub.add_parser("bench", help="run the benchmarks and write BENCHMARKS.md")
    bench.add_argument("--quick", action="store_true", help="tiny sizes, to check the benchmark runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="policybot: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except Exception as err:  # startup failures get one clear line, not a traceback
        if type(err).__name__ in ("CorpusError", "ModelError", "IndexStoreError"):
            print(f"policybot: {err}", file=sys.stderr)
            return 2
        raise


def cmd_ingest(args) -> int:
    from bot import config
    from ingest.corpus import load_corpus
    from ingest.tree import branch, summary

    docs = load_corpus(config.corpus_dir())
    print(branch(docs, args.show) if args.show else summary(docs))
    return 0


def cmd_index(args) -> int:
    from bot import config
    from index.build import build
    from index.embed import Embedder
    from ingest.corpus import load_corpus

    docs = load_corpus(config.corpus_dir())
    stored = build(config.index_dir(), docs, Embedder(), progress=sys.stderr.isatty())
    m = stored.manifest
    print(f"index: {m['clause_count']} clauses, {m['vector_count']} vectors ({m['kind']}) in {config.index_dir()}")
    return 0


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2025-06-01") from None


def cmd_ask(args) -> int:
    from bot.policybot import PolicyBot

    bot = PolicyBot()
    if args.question is not None:
        _print_answer(bot.ask(args.question, today=args.as_of, language=args.lang), args.json)
        return 0
    for number, raw in enumerate(sys.stdin.buffer, 1):  # exactly one output line per input line
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            print(json.dumps({"question": None, "error": f"line {number} is not valid UTF-8; skipped"}), flush=True)
            continue
        if not line.strip():
            print(json.dumps({"question": "", "error": f"line {number} is blank; nothing to answer"}), flush=True)
            continue
        _print_answer(bot.ask(line, today=args.as_of, language=args.lang), args.json)
    return 0


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console(soft_wrap=False).print(Markdown(answer.text))
    print(flush=True)


def cmd_lines(args) -> int:
    from bot import config
    from bot.answer import lines_table
    from ingest.corpus import load_corpus

    docs = load_corpus(config.corpus_dir())
    if args.json:
        print(json.dumps([d.catalogue.to_json() for d in docs], ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    for d in docs:
        cat = d.catalogue
        combining = cat.combining or "The text says nothing about combining lines."
        text = (f"**{d.title}**: {len(cat.lines)} support lines. {combining}\n\n"
                + lines_table([(ln.key, ln) for ln in cat.lines]))
        Console().print(Markdown(text))
    return 0


def cmd_eval(args) -> int:
    from bot.evaluate import report

    print(report())
    return 0


def cmd_serve(args) -> int:
    import app

    app.main(host=args.host, port=args.port, share=args.share)
    return 0


def cmd_feedback(args) -> int:
    from bot import config
    from bot.feedback import FeedbackStore

    store = FeedbackStore(config.feedback_db())
    if args.out == "-":
        store.export_csv(sys.stdout)
    else:
        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            rows = store.export_csv(fh)
        print(f"wrote {rows} rows to {args.out}")
    return 0


def cmd_bench(args) -> int:
    from bench.run import run

    run(quick=args.quick)
    return 0


COMMANDS = {"ingest": cmd_ingest, "index": cmd_index, "ask": cmd_ask, "lines": cmd_lines, "eval": cmd_eval,
            "serve": cmd_serve,
            "feedback": cmd_feedback, "bench": cmd_bench}
