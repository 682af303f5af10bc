"""The `policybot` command: a thin layer over ingest, index and bot. Heavy imports stay inside commands.

    policybot ingest [--show <clause id>]
    policybot index
    policybot ask "Who is eligible to apply?"    policybot ask --json "..."
    policybot ask --as-of 2025-06-01 "Is the policy in force?"
    policybot ask "我的公司可以申请吗？"          (Chinese and mixed questions are answered in their majority language)
    policybot ask --lang en "无人机企业有哪些支持？"   (answer in English; --lang zh answers in Chinese)
    printf 'q1\\nq2\\n' | policybot ask --json    (one JSON object per input line; blank lines give an error object)
    policybot lines [--json]                      (the support-line catalogue)
    policybot diff OLD_ID NEW_ID                  (caps raised or lowered, lines added, removed or renumbered)
    policybot eval
    policybot serve [--host 127.0.0.1] [--port 7860]
    policybot feedback export [--out feedback.csv]   (every rating with its answer id, from SQLite or PostgreSQL)
    policybot insights [--days 30]                   (questions per day, cited clauses, declines, thumbs-down)
    policybot bench [--quick]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time

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
    diff = sub.add_parser("diff", help="what changed between two policies (ids as in `policybot ingest`)")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    sub.add_parser("eval", help="retrieval and abstention scores on the evaluation sets")
    serve = sub.add_parser("serve", help="start the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--share", action="store_true", help="ask Gradio for a public share link")
    feedback = sub.add_parser("feedback", help="feedback stored by the app")
    feedback.add_argument("action", choices=["export"])
    feedback.add_argument("--out", default="-", help="CSV file to write (default: stdout)")
    insights = sub.add_parser("insights", help="the staff summary of the question log")
    insights.add_argument("--days", type=int, default=30, help="how many days back to look (default: 30)")
    bench = sub.add_parser("bench", help="run the benchmarks and write BENCHMARKS.md")
    bench.add_argument("--quick", action="store_true", help="tiny sizes, to check the benchmark runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="policybot: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except Exception as err:  # startup failures get one clear line, not a traceback
        if type(err).__name__ in ("CorpusError", "ModelError", "IndexStoreError", "StoreError", "StoreUnavailable"):
            print(f"policybot: {err}", file=sys.stderr)
            return 2
        raise


def cmd_ingest(args) -> int:
    from bot import config
    from ingest.corpus import CorpusError, read_corpus
    from ingest.tree import branch, report, summary

    docs, refused = read_corpus(config.corpus_dir())
    if args.show:
        print(branch(docs, args.show))
        return 0
    print(summary(docs) + "\n" + report(docs, refused))
    if not docs:
        raise CorpusError("no policy file in the corpus could be parsed; see the report above")
    return 0


def cmd_diff(args) -> int:
    from bot import config
    from bot.changes import changes_table
    from ingest.corpus import CorpusError, load_corpus
    from ingest.diff import diff

    docs = {d.id: d for d in load_corpus(config.corpus_dir())}
    missing = [i for i in (args.old, args.new) if i not in docs]
    if missing:
        raise CorpusError(f"no policy with the id {', '.join(missing)} in the corpus; ids: {', '.join(docs)}")
    old, new = docs[args.old], docs[args.new]
    changes = diff(old, new)
    if args.json:
        print(json.dumps([vars(c) for c in changes], ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    title = f"**{old.id} → {new.id}**: {len(changes)} change(s)\n\n"
    Console().print(Markdown(title + changes_table(old, new, changes)))
    return 0


def cmd_index(args) -> int:
    from bot import config
    from index.build import build
    from index.embed import Embedder
    from ingest.corpus import load_corpus

    docs = load_corpus(config.corpus_dir())
    started = time.perf_counter()
    stored = build(config.index_dir(), docs, Embedder(), progress=sys.stderr.isatty())
    for doc_id, part in stored.parts.items():
        print(f"  {doc_id}: {len(part.clauses)} clauses, {part.faiss.ntotal} vectors ({part.manifest['kind']})")
    print(f"index: {len(docs)} document(s), {stored.clause_count} clauses, {stored.vector_count} vectors in "
          f"{config.index_dir()} ({time.perf_counter() - started:.1f} s)")
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


def _store():
    """The configured store, migrated and purged of rows past the retention period."""
    from bot.store import open_store

    store = open_store()
    store.prepare()
    return store


def cmd_feedback(args) -> int:
    store = _store()
    try:
        if args.out == "-":
            store.export_csv(sys.stdout)
        else:
            with open(args.out, "w", newline="", encoding="utf-8") as fh:
                rows = store.export_csv(fh)
            print(f"wrote {rows} rows from {store.describe()} to {args.out}")
    finally:
        store.engine.close()
    return 0


def cmd_insights(args) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    store = _store()
    try:
        summary = store.insights(days=args.days)
    finally:
        store.engine.close()
    console = Console()
    console.print(f"Last {summary.days} days in {store.describe()}", markup=False, highlight=False)
    for title, headers, rows in summary.tables():
        table = Table(*headers, title=title, title_justify="left")
        for row in rows:
            table.add_row(*(Text(str(v)) for v in row))  # logged text is never markup
        console.print(table if rows else Text(f"{title}: nothing logged yet."))
    return 0


def cmd_bench(args) -> int:
    from bench.run import run

    run(quick=args.quick)
    return 0


COMMANDS = {"ingest": cmd_ingest, "index": cmd_index, "ask": cmd_ask, "lines": cmd_lines, "diff": cmd_diff,
            "eval": cmd_eval,
            "serve": cmd_serve,
            "feedback": cmd_feedback, "insights": cmd_insights, "bench": cmd_bench}
