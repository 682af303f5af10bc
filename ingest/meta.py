"""Read a policy's own metadata from its text: validity dates and the exchange rate it states."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ingest.caps import SCALE

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE = r"([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{4})-(\d{2})-(\d{2})|(\d{4})年(\d{1,2})月(\d{1,2})日"
FROM = re.compile(rf"(?:effective|valid|in force|implemented)\s+(?:from|since|as of)\s+(?:{_DATE})|自\s*(?:{_DATE})", re.I)
UNTIL = re.compile(rf"(?:(?:until|till|through|to|expires? on)\s+|至\s*)(?:{_DATE})", re.I)
RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(million|billion)\s*yuan\s*\(\s*(?:US)?\$\s*(\d+(?:\.\d+)?)\s*(million|billion)?\s*\)", re.I)


def _to_date(groups: tuple) -> date | None:
    g = [x for x in groups if x]
    if not g:
        return None
    if g[0].isdigit():  # 2024-11-15 or 2024年11月15日
        return date(int(g[0]), int(g[1]), int(g[2]))
    month = MONTHS.get(g[0][:3].lower())
    return date(int(g[2]), month, int(g[1])) if month else None


def effective_dates(text: str) -> tuple[date | None, date | None]:
    """'effective from Nov 15, 2024 ... valid until Nov 14, 2026' -> (2024-11-15, 2026-11-14)."""
    start = FROM.search(text)
    begin = _to_date(start.groups()) if start else None
    after = start.end() if start else 0
    end = UNTIL.search(text, after)
    return begin, _to_date(end.groups()) if end else None


def exchange_rate(text: str) -> tuple[int, int] | None:
    """'100 million yuan ($14.05 million)' -> (100_000_000, 14_050_000): yuan and the dollars it equals."""
    m = RATE.search(text)
    if not m:
        return None
    yuan = int(Decimal(m.group(1)) * SCALE[m.group(2).lower()])
    usd = int(Decimal(m.group(3)) * SCALE[(m.group(4) or "").lower()])
    return yuan, usd
