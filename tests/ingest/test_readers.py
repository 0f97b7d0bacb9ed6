"""Readers: every supported format, and every kind of bad input reported, not fatal."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.ingest import read_paths
from kg.model import Article, Skipped

AR_BODY = "قال وزير الخارجية إن المحادثات ستعقد في الدوحة الأسبوع المقبل."


def _read(path, **kw):
    return list(read_paths([path], **kw))


def test_txt_with_header_lines(tmp_path):
    f = tmp_path / "note.txt"
    f.write_text(f"date 2026-02-02\ntitle عنوان الخبر\nurl https://example.org/x\n\n{AR_BODY}\n", encoding="utf-8")
    [art] = _read(f)
    assert isinstance(art, Article)
    assert art.id == "note"
    assert art.date == dt.date(2026, 2, 2)
    assert art.title == "عنوان الخبر"
    assert art.url == "https://example.org/x"
    assert art.text == AR_BODY


def test_txt_date_prefixing_the_first_paragraph(tmp_path):
    """A crawler-style ' date 2026-02-02 <first sentence>' line: the date is read, the text kept."""
    f = tmp_path / "crawl.txt"
    f.write_text(f" date 2026-02-02 {AR_BODY}\n\nفقرة ثانية.", encoding="utf-8")
    [art] = _read(f)
    assert art.date == dt.date(2026, 2, 2)
    assert art.text.startswith(AR_BODY)
    assert art.text.endswith("فقرة ثانية.")


def test_txt_without_header_keeps_text(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("Dates like 2026 are not headers.\nSecond line.", encoding="utf-8")
    [art] = _read(f)
    assert art.date is None and art.text == "Dates like 2026 are not headers.\nSecond line."


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x1", "text": "Talks in Oslo.", "lang": "en", "date": "2026-01-05T10:00:00Z",
                               "url": "https://e.org", "title": "T"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First."}, {"text": ""}, {"id": "b", "text": "Third."}]), encoding="utf-8")
    items = _read(one) + _read(many)
    arts = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.id for a in arts] == ["x1", "many-0", "b"]
    assert arts[0].date == dt.date(2026, 1, 5) and arts[0].lang == "en"
    assert len(skipped) == 1 and "no 'text'" in skipped[0].reason and skipped[0].source.endswith("#1")


def test_jsonl_bad_line_is_skipped_others_read(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text('{"id": "a", "text": "One."}\n{not json}\n\n{"id": "c", "text": "Three.", "lang": "EN-us"}\n',
                 encoding="utf-8")
    items = _read(f)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "c"]
    assert [i for i in items if isinstance(i, Article)][1].lang == "en"
    [bad] = [i for i in items if isinstance(i, Skipped)]
    assert bad.source.endswith("batch.jsonl:2") and "invalid JSON" in bad.reason


def test_html_main_text_title_and_date(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Envoy visits Oslo</title>
<meta name="date" content="2026-05-01"></head><body><nav>Home | World | Sport</nav><article>
<h1>Envoy visits Oslo</h1><p>The special envoy arrived in Oslo on Monday for talks with the Norwegian foreign
minister about the ceasefire plan and the next round of negotiations in the region.</p>
<p>Both sides described the meeting as constructive and agreed to meet again within two weeks in Geneva.</p>
</article><footer>Copyright 2026</footer></body></html>""", encoding="utf-8")
    [art] = _read(f)
    assert isinstance(art, Article), art
    assert "special envoy arrived in Oslo" in art.text
    assert "Copyright" not in art.text and "Sport" not in art.text
    assert art.title == "Envoy visits Oslo"
    assert art.date == dt.date(2026, 5, 1)
    assert art.lang == "en"


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("قال الوزير إن المحادثات مستمرة".encode("cp1256"), "not valid UTF-8"),
    ("قال الوزير إن المحادثات مستمرة في الدوحة".encode().decode("latin-1").encode(), "double-encoded"),
])
def test_bad_inputs_are_reported_and_skipped(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(AR_BODY, encoding="utf-8")
    items = _read(tmp_path)
    [skipped] = [i for i in items if isinstance(i, Skipped)]
    assert reason in skipped.reason and skipped.source.endswith("bad.txt")
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]


def test_huge_file_is_skipped_with_advice(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_text("word " * 300_000, encoding="utf-8")
    [skipped] = _read(f, max_bytes=1_000_000)
    assert isinstance(skipped, Skipped) and "--max-size" in skipped.reason


def test_utf16_with_bom_and_crlf(tmp_path):
    f = tmp_path / "win.txt"
    f.write_bytes("Line one.\r\nLine two.".encode("utf-16"))
    [art] = _read(f)
    assert art.text == "Line one.\nLine two."


def test_unsupported_and_missing_paths(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = _read(tmp_path) + _read(tmp_path / "nope.txt")
    reasons = sorted(i.reason for i in items)
    assert any("unsupported file type" in r for r in reasons)
    assert any("no such file" in r for r in reasons)


def test_big_jsonl_is_streamed_with_a_per_line_limit(tmp_path):
    f = tmp_path / "many.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"id": f"n{i}", "text": "word " * 200}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "word " * 5000}) + "\n")
    with f.open("ab") as fh:
        fh.write(b'{"id": "bad-bytes", "text": "caf\xe9"}\n')
    items = _read(f, max_bytes=10_000)  # the file is far bigger than the limit
    arts = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(arts) == 300
    assert [s.source.rsplit(":", 1)[-1] for s in skipped] == ["301", "302"]
    assert "per article" in skipped[0].reason and "UTF-8" in skipped[1].reason
