"""Chinese numbers, amounts and dates written the way the English core reads them: 三个项目 -> '3 projects'."""
from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_CN = "零〇一二两三四五六七八九十"
NUMBER = (rf"(?P<num>(?<![A-Za-z.\d])\d[\d,]*(?:\.\d+)?|[{_CN}][{_CN}百千]*(?:点[{_CN}]+)?)(?P<mag>[百千万亿]*)"
          r"(?P<unit>美元|美金|元人民币|元|块钱|块|人民币)?")
MEASURE = r"(?P<measure>个月|平方米|平米|平(?![台均衡安])|个|家|位|名|笔|单|次|间|座|栋|条|场|届|批|只|套|份|款|所|项(?!目)|人(?![才员民])|年(?!度|底|初)|倍|%)?"
DATE = (r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?)?|(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]"
        r"|(?<![\d个])(?P<m3>\d{1,2})月份?")
NUMBERS = re.compile(DATE + "|" + NUMBER + MEASURE)
UNITS = {"个月": "month", "年": "year", "人": "people", "倍": "times", "%": "%", "栋": "buildings", "座": "buildings",
         "单": "deals", "平方米": "sqm", "平米": "sqm", "平": "sqm"}
SMALL_PIECES = 10  # '两块业务' is two parts of a business; nobody asks about ten yuan


def value(num: str, mag: str = "") -> float:
    """'1,000' '万' -> 10000000; '五百' '万' -> 5000000; '两' -> 2."""
    import cn2an

    text = num.replace(",", "") + mag
    return float(cn2an.cn2an(text.replace("两", "二") if not text.isascii() else text, "smart"))


def english_number(m: re.Match) -> str:
    """One number with its unit or measure word, in English; Chinese numerals alone stay as they are."""
    num, mag, unit, measure = m["num"], m["mag"], m["unit"] or "", m["measure"] or ""
    if not (mag or unit or measure):  # 一 in 统一 is a word; a digit inside a clause id is part of the id
        return m.group(0)  # 一 in 统一, 一些: a word, not a number
    try:
        n = value(num, mag)
    except (ValueError, KeyError, TypeError):
        return m.group(0)
    figure = f"{n:,.0f}" if n == int(n) else f"{n:,}"
    if unit in ("美元", "美金"):
        return f" ${figure} "
    if unit == "块" and not mag and n < SMALL_PIECES:
        return f" {figure} "
    if unit or mag in ("万", "亿", "千万", "百万", "十万"):
        return f" {figure} yuan "
    if measure == "家" and n == 1:
        return " a "  # 我们是一家…公司: 'we are a … company', no count
    word = UNITS.get(measure, "")
    if word in ("month", "year"):
        return f" {figure} {word}{'s' if n != 1 else ''} "
    return f" {figure}{word if word == '%' else ' ' + word if word else ''} "


def english_date(m: re.Match) -> str:
    """2025年6月1日 -> 'June 1, 2025'; 2025年 -> '2025'; 6月1日 -> 'June 1'."""
    month, day = m["m"] or m["m2"] or m["m3"], m["d"] or m["d2"]
    name = MONTHS[int(month) - 1] if month and 1 <= int(month) <= 12 else ""
    if m["y"]:
        return f" {name} {day}, {m['y']} " if day else f" {name} {m['y']} " if name else f" in {m['y']} "
    return f" {name} {day} " if day else f" in {name} "  # 12月: 'in December'


def numbers_in_english(text: str) -> str:
    """Dates first, then amounts and counts: '两年内三个项目' -> ' 2 years 内 3 项目'."""
    text = re.sub(rf"([{_CN}\d])个(?=[万亿])", r"\1", text)  # 一个亿: one 亿, the measure word between
    return NUMBERS.sub(lambda m: english_date(m) if m["y"] or m["m2"] or m["m3"] else english_number(m), text)
