"""Plain text out of a policy file, whatever its format: .txt, .md, .html, .docx or .pdf.

Every format becomes the same thing, one line per paragraph or list item, so one parser reads them all and
every quote is checked against this text. Format libraries are imported only for their own format.
"""
from __future__ import annotations

import re
from pathlib import Path

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, pre, blockquote"


class FormatError(ValueError):
    """A file whose text cannot be extracted; the message names the file and what to do."""


def text_of(path: Path, raw: bytes) -> str:
    """The document's text, one paragraph per line."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".txt", ".md"):
            return _decoded(path, raw) if suffix == ".txt" else markdown_text(_decoded(path, raw))
        if suffix in (".html", ".htm"):
            return html_text(_decoded(path, raw))
        if suffix == ".docx":
            return docx_text(path)
        if suffix == ".pdf":
            return pdf_text(path)
    except FormatError:
        raise
    except Exception as err:  # a library's own error for a damaged file
        raise FormatError(f"{path}: cannot read this {suffix} file ({type(err).__name__}: {err}); "
                          "re-save it or export it as .txt") from None
    raise FormatError(f"{path}: unsupported format {suffix}; use one of {', '.join(SUFFIXES)}")


def _decoded(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FormatError(f"{path}, line {line}: not valid UTF-8 (byte {err.start}); save the file as UTF-8") from None


def markdown_text(text: str) -> str:
    """Markdown without its markup: '## II. Support' -> 'II. Support', '**bold**' -> 'bold', '* item' -> '- item'.

    >>> markdown_text("# Title\\n\\n## I. Scope\\n* **one** item")
    'Title\\n\\nI. Scope\\n- one item'
    """
    text = re.sub(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+", "", text)
    text = re.sub(r"(?m)^([ \t]*)[*+][ \t]+", r"\1- ", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def html_text(html: str) -> str:
    """The text of each block element (headings, paragraphs, list items), one per line; scripts and styles dropped."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, nav, header, footer"):
        node.decompose()
    title = tree.css_first("title")
    lines = [title.text(strip=True)] if title and not tree.css_first("h1") else []
    for node in tree.css(BLOCKS):
        if len(node.css(BLOCKS)) == 1:  # innermost blocks only (css() includes the node), so no text is said twice
            text = " ".join(node.text(separator=" ").split())
            if text:
                lines.append(("- " + text) if node.tag == "li" and _bare(text) else text)
    return "\n".join(lines)


def _bare(text: str) -> bool:
    """A list item with no numbering of its own is a bullet."""
    return not re.match(r"^(\(?\d+[.)]|[（(][一二三四五六七八九十\d]+[)）]|[A-Z]\.|[IVX]+\.|Article\s|第)", text)


def docx_text(path: Path) -> str:
    """The document's paragraphs; list paragraphs without typed numbering become bullets."""
    import docx

    lines = []
    for para in docx.Document(str(path)).paragraphs:
        text = " ".join(para.text.split())
        if text:
            bullet = para.style is not None and para.style.name.lower().startswith("list bullet")
            lines.append("- " + text if bullet and _bare(text) else text)
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    """Each page's text in reading order, lines joined back into paragraphs where a line was only wrapped."""
    from pypdf import PdfReader

    raw = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if not raw.strip():
        raise FormatError(f"{path}: this PDF has no text layer (a scan?); run OCR or supply the text as .txt")
    return unwrap(raw)


def unwrap(text: str) -> str:
    """Join a line to the one before it when that one ran to the page's width (it was wrapped) or this one starts
    in lower case, unless this one starts a numbered item, bullet or heading.

    >>> unwrap("Title\\n1. First item that goes on to the edge\\nwraps here.\\n2. Second").splitlines()
    ['Title', '1. First item that goes on to the edge wraps here.', '2. Second']
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    width = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    for line in lines:
        starts_item = not _bare(line) or line.startswith(("-", "•", "*", "Source:", "Note:"))
        wrapped = bool(out) and len(out[-1]) >= 0.75 * width and not out[-1].endswith((".", ":", "。", "："))
        if len(out) > 1 and not starts_item and (wrapped or line[:1].islower()):  # the title line stands alone
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)
