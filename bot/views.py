"""HTML and Markdown views for the web app: pure functions over Clauses and Answers, every input escaped."""
from __future__ import annotations

import html
import re

from bot.answer import Answer, PolicyStatus, banner, yuan
from index.lexical import STOPWORDS
from ingest.clause import Clause

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def inert(text: str) -> str:
    """A person's text made inert for a Markdown chat bubble: HTML escaped, Markdown syntax backslashed."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def highlight(text: str, question: str) -> str:
    """Clause text as HTML with the question's words marked; both escaped first."""
    words = {w for w in re.findall(r"[a-z0-9]{3,}", question.lower()) if w not in STOPWORDS}
    safe = html.escape(text)
    if not words:
        return safe
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\w*", re.I)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", safe)


def caps_line(clause: Clause) -> str:
    parts = []
    for cap in clause.caps:
        where = "" if cap.source_id == clause.id else f" (set in {cap.source_id})"
        parts.append(f"{yuan(cap.amount_yuan) if cap.amount_yuan else 'no figure'} · {cap.basis}{where}")
    return "; ".join(parts)


def clause_card(clause: Clause, question: str = "", score: float | None = None) -> str:
    """One clause: id, heading path, caps and verbatim text."""
    caps = caps_line(clause)
    score_html = f' <span class="pb-score">score {score:.2f}</span>' if score is not None else ""
    return (
        f'<div class="pb-clause" id="clause-{html.escape(clause.id)}">'
        f'<div class="pb-id"><b>{html.escape(clause.id)}</b>{score_html}</div>'
        f'<div class="pb-path">{html.escape(clause.section or clause.title)}</div>'
        + (f'<div class="pb-caps">{html.escape(caps)}</div>' if caps else "")
        + f'<blockquote class="pb-text">{highlight(clause.text, question).replace(chr(10), "<br>")}</blockquote></div>'
    )


def sources_panel(answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return '<div class="pb-empty">Cited clauses appear here.</div>'
    return "".join(clause_card(h.clause, answer.question, h.score) for h in answer.citations)


def status_banner(status: PolicyStatus) -> str:
    cls = "pb-expired" if status.expired else "pb-valid"
    return f'<div class="pb-status {cls}">{html.escape(banner(status))}</div>'


def tree(clauses: list[Clause], query: str = "", titles: dict[str, str] | None = None) -> str:
    """The whole corpus as an indented list, under one heading per document when there are several;
    `query` keeps clauses whose id, title or text contain it."""
    q = query.strip().lower()
    shown = [c for c in clauses if not q or q in c.id.lower() or q in c.text.lower() or q in c.title.lower()]
    if not shown:
        return f'<div class="pb-empty">No clause contains “{html.escape(query)}”.</div>'
    depth = {(c.doc, c.id): len(c.path) for c in clauses}
    rows, current = [], None
    for c in shown:
        if titles and len(titles) > 1 and c.doc != current:
            current = c.doc
            rows.append(f'<h4 class="pb-doc">{html.escape(titles.get(c.doc, c.doc))} ({html.escape(c.doc)})</h4>')
        caps = caps_line(c)
        rows.append(
            f'<div class="pb-node" style="margin-left:{depth[(c.doc, c.id)] * 1.2}em"><b>{html.escape(c.id)}</b> '
            f'{html.escape(c.title)}' + (f' <span class="pb-caps">[{html.escape(caps)}]</span>' if caps else "") + "</div>")
    return "".join(rows)


CSS = """
/* Gradio's bundled semibold face lacks most letters; use the full bold face so bold text is one font. */
@font-face {font-family: 'Source Sans Pro'; font-weight: 600; font-style: normal;
  src: url('/static/fonts/SourceSansPro/SourceSansPro-Bold.woff2') format('woff2');}
#pb-chat th, #pb-chat td:not(:nth-child(2)) {white-space: nowrap;}
.pb-status {padding: 8px 12px; border-radius: 6px; font-weight: 600;}
.pb-expired {background: #fff4e5; color: #8a4b00; border: 1px solid #f0c27b;}
.pb-valid {background: #eaf7ee; color: #1d6b34; border: 1px solid #9fd5ae;}
.pb-clause {border: 1px solid #ddd; border-radius: 6px; padding: 8px; margin-bottom: 8px;}
.pb-path {color: #666; font-size: 0.85em;}
.pb-caps {color: #1a5fb4; font-size: 0.85em;}
.pb-score {color: #888; font-size: 0.8em; margin-left: 6px;}
.pb-text {margin: 6px 0 0 0; padding-left: 8px; border-left: 3px solid #ccc;}
.pb-node {padding: 2px 0;}
mark {background: #fff3a3;}
"""
