"""The staff summary of the question log: questions per day, most-cited clauses, declined questions, thumbs-down."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Day:
    day: str  # YYYY-MM-DD, UTC
    questions: int
    declined: int


@dataclass(frozen=True)
class Declined:
    """Declined questions that read the same once normalised; `text` is '' when question text is not kept."""

    text: str
    count: int
    routes: str


@dataclass(frozen=True)
class ThumbsDown:
    answer_id: str
    rated_at: datetime
    question: str | None
    route: str
    cited_ids: tuple[str, ...]
    comment: str | None


@dataclass(frozen=True)
class Insights:
    days: int  # how far back the summary looks
    per_day: tuple[Day, ...]
    top_clauses: tuple[tuple[str, int], ...]  # (clause id, answers citing it), most first
    declined: tuple[Declined, ...]
    thumbs_down: tuple[ThumbsDown, ...]

    def tables(self) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
        """(title, headers, rows) for each part, in the order staff read them; the app and the CLI render these."""
        return [
            ("Questions per day", ("day", "questions", "declined"),
             [(d.day, d.questions, d.declined) for d in self.per_day]),
            ("Most-cited clauses", ("clause", "answers citing it"), list(self.top_clauses)),
            ("Declined questions (gaps in the policy's coverage)", ("question", "times", "routes"),
             [(d.text or "(question text not kept)", d.count, d.routes) for d in self.declined]),
            ("Thumbs-down answers", ("when", "question", "route", "cited", "comment"),
             [(t.rated_at.strftime("%Y-%m-%d %H:%M"), t.question or "(not kept)", t.route, " ".join(t.cited_ids),
               t.comment or "") for t in self.thumbs_down]),
        ]


def markdown(insights: Insights) -> str:
    """The summary as Markdown tables, every cell escaped so a logged question cannot add markup."""
    parts = [f"Last {insights.days} days, all replicas."]
    for title, headers, rows in insights.tables():
        parts.append(f"#### {title}")
        if not rows:
            parts.append("Nothing logged yet.")
            continue
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _cell(value) -> str:
    """A table cell that stays text.

    >>> print(_cell("<b>a|b</b>"))
    &lt;b&gt;a\\|b&lt;/b&gt;
    """
    import html

    from bot.views import MD_SPECIAL

    return MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")
