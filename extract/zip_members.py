"""Every member of a zip inflated once and checked against its CRC (the sniffer's proof that a
package is whole), the XML parts kept for the reader and looked at for a DTD.

A member of the ordinary kind (stored or deflated, not encrypted, its local header naming it
as the directory does, its bytes all there) is inflated straight from the file's bytes: one
zlib call (zlib-ng's when installed), bounded by the size the directory declares.  It counts
as good only when the deflate stream ends exactly at that size and the CRC matches (the same
bytes whichever zlib inflates them: a valid stream has one decoding), a case in which zipfile reads
the same bytes without complaint.  Any other member, and any member that fails there, is read
by zipfile in chunks, whose verdict (and exception) stands: the outcome is zipfile's for
every file, only the common case is cheaper.  A big member whose compressed bytes and
directory values (method, size, CRC) equal those of one inflated before (the same template's
styles in a batch) is not inflated again: the same input gives the same bytes and verdict.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

try:  # zlib-ng: the same deflate and CRC-32, about 1.6x faster inflating and 3x on the CRC
    from zlib_ng import zlib_ng as _fast_zlib
except ImportError:  # pragma: no cover - without it the standard zlib does the same work
    _fast_zlib = zlib

# XML parts kept inflated for the reader, up to this many bytes in all: a DOCX's run to a
# few megabytes; a bigger package is still checked, and its reader inflates what it needs.
KEEP_BYTES = 64 << 20
_CHUNK = 1 << 20  # zipfile inflates in chunks: a member that lies about its size cannot flood memory
_WHOLE = 16 << 20  # members up to this size (declared) are inflated in one call
_HEAD_XML = 1 << 16  # where an XML part's DTD would be
# A DTD inside a package part: Word never writes one; entities are how XXE and
# billion-laughs files attack an XML parser.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_BANGS = 8  # "!" looked at one by one before the search for "<!" takes over
# Members inflated before, by (method, declared size, CRC): their compressed bytes and what
# those inflate to.  The documents of a batch made from one template carry byte-identical big
# parts (styles.xml, stylesWithEffects.xml, the theme): equal compressed bytes under equal
# directory values inflate to the same bytes with the same verdict, so comparing the
# compressed bytes (a memcmp) stands in for inflating and CRC-checking them again.
_MEMO_MIN = 256  # compressed size from which a member is remembered (smaller: cheap anyway)
_MEMO_MAX = 4 << 20  # declared size up to which it is (bounds the memory kept)
_MEMO_ENTRIES = 64  # a template's package has some twenty members
_MEMO_BYTES = 32 << 20  # compressed and inflated bytes kept in all, at most
_inflated_before: dict[tuple[int, int, int], tuple[bytes, bytes]] = {}
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_LOCAL_MAGIC = b"PK\x03\x04"
_ODD_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption
_UTF8_NAME = 0x800


# The zip open_zip(keep=True) opened on a file's bytes, with the bytes object: the limits' size
# check opens the zip before the sniffer does (roadmap500.pipeline), and a zip's central
# directory costs as much to parse as a small member to inflate.
_kept: tuple[bytes, zipfile.ZipFile] | None = None


def open_zip(data: bytes, keep: bool = False) -> zipfile.ZipFile:
    """``zipfile.ZipFile`` on ``data``: the one opened with ``keep`` on this very bytes object,
    handed over once, else a new one (kept for the next caller if ``keep``).  Nothing is
    kept when the zip does not open: the next caller opens it again and gets the same error."""
    global _kept
    if _kept is not None and _kept[0] is data:
        zf = _kept[1]
        _kept = None
        return zf
    zf = zipfile.ZipFile(io.BytesIO(data))
    _kept = (data, zf) if keep else None
    return zf


def forget_zip() -> None:
    """Drop the zip :func:`open_zip` keeps (its file was refused before anyone took it)."""
    global _kept
    _kept = None


@dataclass(slots=True)
class Inflated:
    """What inflating every member of a zip showed."""

    bad: str | None = None  # the first member that does not inflate or fails its CRC
    dtd: str | None = None  # the first XML part that declares a DTD or entities
    kept: dict[str, bytes] = field(default_factory=dict)  # the XML parts' bytes, by name


def _first_markup_declaration(xml: bytes) -> int:
    """Where the first ``<!`` of the head starts (-1: none).  XML markup is full of ``<`` and
    hardly ever holds ``!``: a ``memchr`` for ``!`` (``find`` of one byte) runs many times
    faster than the two-byte search; after a few ``!`` not behind a ``<`` (text that
    exclaims) the two-byte search takes over from there."""
    pos = 1
    for _ in range(_BANGS):
        bang = xml.find(b"!", pos, _HEAD_XML)
        if bang < 0:
            return -1
        if xml[bang - 1] == 0x3C:  # "<"
            return bang - 1
        pos = bang + 1
    return xml.find(b"<!", pos - 1, _HEAD_XML)


def _declares_dtd(xml: bytes) -> bool:
    """Does the first ``_HEAD_XML`` bytes of an XML part hold one of :data:`_DTD_MARKERS`?
    Both begin ``<!``: one scan for that settles most parts (no copy of the head is made)."""
    at = _first_markup_declaration(xml)
    if at < 0:
        return False
    return any(xml.find(marker, at, _HEAD_XML) >= 0 for marker in _DTD_MARKERS)


def _inflate_direct(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes when it is of the ordinary kind and inflates to exactly its
    declared size and CRC; None: let zipfile read it."""
    if info.flag_bits & _ODD_FLAGS or info.file_size > _WHOLE \
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    offset = info.header_offset
    header = data[offset:offset + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_MAGIC:
        return None
    name_end = offset + _LOCAL_HEADER.size + fields[10]
    try:
        name = data[offset + _LOCAL_HEADER.size:name_end].decode(
            "utf-8" if fields[3] & _UTF8_NAME else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    start = name_end + fields[11]
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    remember = _MEMO_MIN <= info.compress_size and info.file_size <= _MEMO_MAX
    if remember:
        key = (info.compress_type, info.file_size, info.CRC)
        before = _inflated_before.pop(key, None)
        if before is not None and before[0] == raw:
            _inflated_before[key] = before  # the latest used last: the least recently used goes first
            return before[1]
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    else:
        inflater = _fast_zlib.decompressobj(-15)
        try:
            out = inflater.decompress(raw, info.file_size + 1)
        except _fast_zlib.error:
            return None
        if not inflater.eof:
            return None
    if len(out) != info.file_size or _fast_zlib.crc32(out) != info.CRC:
        return None
    if remember:
        _remember(key, raw, out)
    return out


def _remember(key: tuple[int, int, int], raw: bytes, out: bytes) -> None:
    """Keep a member inflated, the least recently used ones going past the bounds."""
    _inflated_before[key] = (raw, out)
    kept = sum(len(a) + len(b) for a, b in _inflated_before.values())
    while len(_inflated_before) > _MEMO_ENTRIES or kept > _MEMO_BYTES:
        a, b = _inflated_before.pop(next(iter(_inflated_before)))
        kept -= len(a) + len(b)


def _inflate_by_zipfile(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> tuple[bytes, bytes | None]:
    """One member inflated by zipfile in chunks (it checks the CRC at the end): its first
    64 KiB, and all its bytes if ``keep``."""
    chunks = []
    with zf.open(info) as member:
        head = chunk = member.read(_CHUNK)
        while chunk:
            if keep:
                chunks.append(chunk)
            chunk = member.read(_CHUNK)
    return head[:_HEAD_XML], (b"".join(chunks) if keep else None)


def inflate_members(zf: zipfile.ZipFile, data: bytes) -> Inflated:
    """Every member of ``zf`` (opened on ``data``) inflated and CRC-checked once; the XML
    parts checked for a DTD and kept (up to :data:`KEEP_BYTES` in all) for the reader."""
    out = Inflated()
    room = KEEP_BYTES
    for info in zf.infolist():
        is_xml = info.filename.endswith((".xml", ".rels"))
        keep = is_xml and info.file_size <= room
        blob = _inflate_direct(data, info)
        if blob is not None:
            head = blob  # _declares_dtd looks at its first _HEAD_XML bytes only
            if not keep:
                blob = None
        else:
            try:
                head, blob = _inflate_by_zipfile(zf, info, keep)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                out.bad = info.filename
                return out
        if is_xml and out.dtd is None and _declares_dtd(head):
            out.dtd = info.filename
        if blob is None:
            out.kept.pop(info.filename, None)  # a later member of the same name is the one read
        else:
            out.kept[info.filename] = blob
            room -= len(blob)
    return out
