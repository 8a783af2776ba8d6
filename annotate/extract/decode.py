"""Raw bytes -> str, with the encoding that was detected, or a clear refusal."""

from __future__ import annotations

import codecs
import re

MAX_BYTES = 50 * 1024 * 1024


class ExtractionError(ValueError):
    """The input cannot be turned into an article; the message is one line a user can act on."""


# Magic numbers of formats people drop into an ingest folder by mistake.
_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"ID3", "an MP3 file"),
]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]

# Control characters that never occur in text (tab, newlines, form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without BOM: the high byte of each code unit takes very few values in text
    (0x00 for Latin, 0x04 for Cyrillic, 0x20 for punctuation) while the low byte varies."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    for high, low, codec in ((sample[1::2], sample[0::2], "utf-16-le"), (sample[0::2], sample[1::2], "utf-16-be")):
        top = sorted((high.count(b) for b in set(high)), reverse=True)[:3]
        concentrated = sum(top) > 0.95 * len(high) and len(set(low)) > 2 * len(set(high))
        if concentrated and (0 in high or high.count(4) > 0.3 * len(high)):
            try:
                text = data[: len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text[:2000]):
                return codec
    return None


def _check_text(text: str, name: str) -> str:
    # A NUL is never part of an article, and PostgreSQL cannot store one in a text column.
    if "\x00" in text:
        raise ExtractionError(f"{name}: looks binary (NUL characters in the text)")
    bad = len(_CONTROL.findall(text[:20000]))
    if bad > max(3, len(text[:20000]) // 200):
        raise ExtractionError(f"{name}: looks binary (control characters in the decoded text)")
    return text


def decode(data: bytes | str, name: str = "input") -> tuple[str, str]:
    """Return (text, encoding). Raise ExtractionError for empty, binary, huge or undecodable input."""
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise ExtractionError(f"{name}: too large ({len(data) // (1024 * 1024)} MB > 50 MB limit)")
        if not data.strip():
            raise ExtractionError(f"{name}: empty")
        return _check_text(data.lstrip("\ufeff"), name), "unicode"
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"{name}: too large ({len(data) // (1024 * 1024)} MB > 50 MB limit)")
    if not data.strip():
        raise ExtractionError(f"{name}: empty")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode("utf-8" if codec == "utf-8-sig" else codec)
            except UnicodeDecodeError as exc:
                raise ExtractionError(f"{name}: not valid {label} despite its byte-order mark") from exc
            if not text.strip():
                raise ExtractionError(f"{name}: empty")
            return _check_text(text, name), label
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ExtractionError(f"{name}: not text but {what}")
    # The common case first: clean UTF-8 without control characters.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text[:65536]):
        return _check_text(text, name), "utf-8"
    codec16 = _utf16_without_bom(data)
    if codec16:
        try:
            return _check_text(data.decode(codec16), name), codec16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ExtractionError(f"{name}: looks binary (NUL bytes)")
    if text is not None:
        return _check_text(text, name), "utf-8"
    text, encoding = _legacy(data, name)
    return _check_text(text, name), encoding


def _legacy(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ExtractionError(f"{name}: cannot determine the text encoding (not UTF-8 or a known charset)")
    encoding = best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ExtractionError(f"{name}: cannot decode as {encoding}") from exc
    return text, encoding
