"""Legacy word-processor files (.doc, .rtf, .odt) converted to DOCX by LibreOffice headless.

Each conversion runs its own ``soffice`` with a private throwaway profile
(``-env:UserInstallation``) in a temporary folder, so conversions in parallel workers never
share state; macros are off (``--norestore``, no Basic/Python macros run on load because the
profile sets ``MacroSecurityLevel`` to the highest level); the process and its children run
in their own process group, killed whole when the time limit passes.  The DOCX bytes then go
through the DOCX backend, so a legacy file gives exactly the rows its DOCX twin gives.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from extract.errors import CorruptFileError, ExtractError, UnsupportedFormatError
from extract.model import Cell, Document, Table, TextBlock

TIMEOUT = 60.0  # seconds one conversion may take
PACKAGE = "libreoffice-writer-nogui"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
# The profile's registry: highest macro security (no macro runs), no first-start wizard.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="FirstStartWizardCompleted" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


class ConversionError(RuntimeError):
    """LibreOffice could not convert a file (it failed, timed out or is missing)."""


def legacy_kind(data: bytes) -> str | None:
    """``doc``, ``rtf`` or ``odt`` when the bytes are such a file (by content), else None."""
    if data.startswith(_OLE):
        return "doc" if "WordDocument".encode("utf-16-le") in data else None
    if data.lstrip()[:5].lower() == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if zf.read("mimetype").startswith(_ODT_MIME):
                    return "odt"
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    return None


def find_soffice() -> str:
    """Path of LibreOffice's ``soffice``, or an error naming the Debian package."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise ConversionError(f"LibreOffice is not installed, it is needed to convert this format "
                          f"(apt-get install {PACKAGE})")


def _filter(target: str) -> str:
    """LibreOffice's ``--convert-to`` argument for a target extension."""
    return {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format",
            "odt": "odt:writer8"}.get(target, target)


def convert_with_soffice(data: bytes, source_ext: str, target: str = "docx",
                         timeout: float | None = None, soffice: str | None = None) -> bytes:
    """Convert document bytes with a private headless ``soffice``; returns the target bytes.

    Raises :class:`ConversionError` when LibreOffice is missing, fails, or runs past
    ``timeout`` seconds (then its whole process group is killed).
    """
    soffice = soffice or find_soffice()
    timeout = TIMEOUT if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="roadmap500_lo_") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        src = tmp_path / f"in.{source_ext}"
        src.write_bytes(data)
        out_dir = tmp_path / "out"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", _filter(target), "--outdir", str(out_dir), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                env={**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"})
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionError(f"LibreOffice did not finish converting within {timeout:g} s "
                                  f"(killed)") from None
        result = out_dir / f"in.{target}"
        if proc.returncode != 0 or not result.exists():
            lines = output.decode("utf-8", "replace").splitlines()
            said = " ".join(l.strip() for l in lines if "error" in l.lower())[-300:]
            raise ConversionError(f"LibreOffice could not convert it (exit {proc.returncode}"
                                  f"{': ' + said if said else ''})")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill a process started in its own session, and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


_WHAT = {"doc": "a legacy .doc (OLE) file", "rtf": "an RTF document", "odt": "an ODT document"}


def read_legacy(path: str | Path, kind: str, timeout: float | None = None) -> Document:
    """Convert a .doc/.rtf/.odt file to DOCX and read it with the DOCX backend.

    Raises :class:`UnsupportedFormatError` when LibreOffice is missing and
    :class:`CorruptFileError` when it cannot convert the file or times out.
    """
    from extract.docx import read_docx

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptFileError(str(path), f"cannot read the file: {exc}") from exc
    what = _WHAT[kind]
    timeout = TIMEOUT if timeout is None else timeout
    try:
        soffice = find_soffice()
    except ConversionError as exc:
        raise UnsupportedFormatError(str(path), f"{what}: {exc}") from exc
    try:
        converted = convert_with_soffice(data, kind, "docx", timeout=timeout, soffice=soffice)
    except ConversionError as exc:
        raise CorruptFileError(str(path), f"{what} that LibreOffice cannot convert: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="roadmap500_docx_") as tmp:
        docx_path = Path(tmp) / f"{path.stem}.docx"
        docx_path.write_bytes(converted)
        try:
            doc = read_docx(docx_path)
        except ExtractError as exc:
            raise CorruptFileError(str(path), f"{what} converted by LibreOffice to a DOCX that cannot "
                                              f"be read: {exc.reason}") from exc
    doc.source, doc.format = str(path), kind
    if kind == "doc":
        fallback = antiword_document(path, data, timeout)
        if fallback is not None and len(fallback.tables) > len(doc.tables):
            fallback.warnings.append(f"LibreOffice kept {len(doc.tables)} of the {len(fallback.tables)} "
                                     f"table(s) antiword finds: read with antiword")
            return fallback
    return doc


# --------------------------------------------------------------------------- antiword fallback

def antiword_document(path: Path, data: bytes, timeout: float) -> Document | None:
    """A .doc read by ``antiword`` as DocBook (paragraphs and tables), None without antiword.

    LibreOffice loses the table of some Word 97 files (it imports the cells as plain
    paragraphs); antiword keeps them as ``informaltable`` rows and entries.
    """
    from lxml import etree

    antiword = shutil.which("antiword")
    if antiword is None:
        return None
    with tempfile.TemporaryDirectory(prefix="roadmap500_aw_") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            done = subprocess.run([antiword, "-x", "db", str(src)], capture_output=True, timeout=timeout,
                                  start_new_session=True, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            return None
    if done.returncode != 0 or not done.stdout:
        return None
    try:
        root = etree.fromstring(done.stdout, etree.XMLParser(resolve_entities=False, no_network=True,
                                                             load_dtd=False, recover=True))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    return _docbook_document(root, str(path))


def _text(element) -> str:
    """An element's text with whitespace folded."""
    return " ".join("".join(element.itertext()).split())


def _docbook_document(root, source: str) -> Document:
    """Paragraphs and tables of antiword's DocBook in document order."""
    doc = Document(source=source, format="doc", pages=1)
    order = 0
    for element in root.iter("para", "informaltable", "table"):
        if element.tag == "para":
            if element.find(".//informaltable") is not None or _inside_table(element):
                continue
            text = _text(element)
            if text:
                doc.blocks.append(TextBlock(text=text, page=1, order=order))
                order += 1
            continue
        cells = []
        rows = element.findall(".//row")
        for r, row in enumerate(rows):
            for c, entry in enumerate(row.findall("entry")):
                cells.append(Cell(_text(entry), r, c))
        n_cols = max((len(row.findall("entry")) for row in rows), default=0)
        if cells:
            doc.tables.append(Table(cells, len(rows), n_cols, order, 1, None, "antiword"))
            order += 1
    return doc


def _inside_table(element) -> bool:
    """Whether a paragraph sits inside a table cell."""
    return any(a.tag in ("entry", "informaltable", "table") for a in element.iterancestors())
