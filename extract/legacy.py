"""Legacy word-processor files (.doc, .rtf, .odt) converted to DOCX by LibreOffice headless.

An .rtf file is read first by the native reader (``extract.rtf``, a few hundredths of a
second where LibreOffice's RTF import takes most of a second); only when that reader cannot
follow the file is it converted like the others, with a warning saying why.

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


# --------------------------------------------------------------------------- long-lived listener

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-uno installs ``uno``
_CLIENT = Path(__file__).with_name("legacy_uno.py")


class Listener:
    """One ``soffice`` listening on a private pipe plus its UNO client, per worker process.

    Starting ``soffice`` costs about 2 s of CPU; a conversion through a running one costs a
    fraction of that (``benchmarks/ocr_bench.py``).  Same isolation as the per-file path: a
    throwaway profile, macros never run, a time limit per file; on a timeout both process
    groups are killed and the next file starts a fresh pair.
    """

    def __init__(self, soffice: str):
        self.owner = os.getpid()
        self.soffice = soffice
        self.tmp = tempfile.TemporaryDirectory(prefix="roadmap500_lo_")
        profile = Path(self.tmp.name) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        pipe = f"roadmap500_{os.getpid()}_{id(self)}"
        env = {**os.environ, "HOME": self.tmp.name, "SAL_USE_VCLPLUGIN": "svp"}
        self.office = subprocess.Popen(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
             "--norestore", "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, env=env)
        self.client = subprocess.Popen([SYSTEM_PYTHON, str(_CLIENT), pipe, str(self.office.pid)], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                       start_new_session=True, env=env)
        if self._answer(TIMEOUT) != "ready":
            self.close()
            raise ConversionError("the LibreOffice listener did not start")

    def _answer(self, timeout: float) -> str | None:
        """The client's next line, None when it says nothing within ``timeout`` seconds."""
        import select

        ready, _, _ = select.select([self.client.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.client.stdout.readline()
        return line.strip() if line else None

    def convert(self, data: bytes, source_ext: str, target: str, timeout: float) -> bytes:
        """Like :func:`convert_with_soffice`, through the running office."""
        with tempfile.TemporaryDirectory(prefix="roadmap500_conv_") as tmp:
            src, out = Path(tmp) / f"in.{source_ext}", Path(tmp) / f"out.{target}"
            src.write_bytes(data)
            try:
                self.client.stdin.write(f"{src}\t{out}\t{_filter(target).split(':', 1)[-1]}\n")
                self.client.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                self.close()
                raise ConversionError(f"the LibreOffice listener is gone ({exc})") from exc
            answer = self._answer(timeout)
            if answer is None:
                self.close()
                raise ConversionError(f"LibreOffice did not finish converting within {timeout:g} s (killed)")
            if answer != "ok" or not out.exists():
                raise ConversionError(f"LibreOffice could not convert it ({answer.removeprefix('error ')})")
            return out.read_bytes()

    def alive(self) -> bool:
        """Both processes still running, in this process."""
        return self.owner == os.getpid() and self.office.poll() is None and self.client.poll() is None

    def close(self) -> None:
        """Kill both process groups and drop the profile."""
        for proc in (self.client, self.office):
            if proc.poll() is None:
                _kill_group(proc)
        self.tmp.cleanup()


_LISTENER: Listener | None = None
_NO_LISTENER: set[str] = set()  # soffice paths whose listener would not start in this process


def listener_available() -> bool:
    """Whether the system Python has ``uno`` (Debian's python3-uno)."""
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def convert_to_docx(data: bytes, kind: str, timeout: float, soffice: str) -> bytes:
    """DOCX bytes of a legacy file: through this worker's listener when ``uno`` is there,
    else with a ``soffice`` started for the file."""
    global _LISTENER
    if _LISTENER is not None and (not _LISTENER.alive() or _LISTENER.soffice != soffice):
        if _LISTENER.owner == os.getpid():
            _LISTENER.close()
        _LISTENER = None
    if _LISTENER is None and soffice not in _NO_LISTENER and listener_available():
        import atexit

        try:
            _LISTENER = Listener(soffice)
            atexit.register(_LISTENER.close)
        except (ConversionError, OSError):
            _NO_LISTENER.add(soffice)  # the file still gets its own soffice below
    if _LISTENER is None:
        return convert_with_soffice(data, kind, "docx", timeout=timeout, soffice=soffice)
    return _LISTENER.convert(data, kind, "docx", timeout)


_WHAT = {"doc": "a legacy .doc (OLE) file", "rtf": "an RTF document", "odt": "an ODT document",
         "docx": "a DOCX that python-docx cannot open"}


def read_legacy(path: str | Path, kind: str, timeout: float | None = None, data: bytes | None = None) -> Document:
    """Convert a .doc/.rtf/.odt file to DOCX and read it with the DOCX backend.

    Raises :class:`UnsupportedFormatError` when LibreOffice is missing and
    :class:`CorruptFileError` when it cannot convert the file or times out.
    """
    from extract.docx import read_docx

    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CorruptFileError(str(path), f"cannot read the file: {exc}") from exc
    what = _WHAT[kind]
    timeout = TIMEOUT if timeout is None else timeout
    native_failed = None
    if kind == "rtf":
        native, native_failed = _read_rtf_natively(path, data)
        if native is not None:
            return native
    try:
        soffice = find_soffice()
    except ConversionError as exc:
        raise UnsupportedFormatError(str(path), f"{what}: {exc}") from exc
    try:
        converted = convert_to_docx(data, kind, timeout, soffice)
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
    if native_failed:
        doc.warnings.append(native_failed)
    suffix = path.suffix.lower()
    if suffix and suffix != f".{kind}":
        doc.warnings.append(f"{what} named {suffix}: read after LibreOffice converted it to DOCX")
    if kind == "doc":
        fallback = antiword_document(path, data, timeout)
        if fallback is not None and len(fallback.tables) > len(doc.tables):
            fallback.warnings.append(f"LibreOffice kept {len(doc.tables)} of the {len(fallback.tables)} "
                                     f"table(s) antiword finds: read with antiword")
            return fallback
    return doc


def _read_rtf_natively(path: Path, data: bytes) -> tuple[Document | None, str | None]:
    """An RTF file read by the native reader (``extract.rtf``), or None and the warning that
    says why LibreOffice has to convert it instead."""
    from extract.rtf import read_rtf
    from extract.rtf_tokens import RtfError

    try:
        doc = read_rtf(data, str(path))
    except RtfError as exc:
        return None, f"the native RTF reader cannot follow this file ({exc}): read after LibreOffice converted it"
    suffix = path.suffix.lower()
    if suffix and suffix != ".rtf":
        doc.warnings.append(f"{_WHAT['rtf']} named {suffix}: read as RTF")
    return doc, None


def retry_docx(path: str | Path, error: CorruptFileError, timeout: float | None = None,
               data: bytes | None = None) -> Document:
    """A DOCX python-docx cannot open (a broken relationship or part), re-saved by LibreOffice
    and read again, with a warning saying so.

    ``error`` (python-docx's verdict) is raised again when LibreOffice is missing or cannot
    open the file either (then its reason says so too); broken XML is never retried, so a
    part LibreOffice would half-read cannot drop rows.
    """
    from lxml import etree

    if isinstance(error.__cause__, etree.XMLSyntaxError):
        raise error
    try:
        soffice = find_soffice()
    except ConversionError:
        raise error from None
    try:
        doc = read_legacy(path, "docx", timeout, data)
    except ExtractError as exc:
        error.reason += f"; retried through LibreOffice: {exc.reason.split(': ', 1)[-1]}"
        error.args = (f"{error.path}: {error.reason}",)
        raise error from None
    doc.warnings.append(f"python-docx cannot open this DOCX ({error.reason}): "
                        f"read after LibreOffice ({Path(soffice).name}) re-saved it")
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
