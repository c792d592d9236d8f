"""Input walking: which files a run converts, and a row for every path it cannot.

* Paths named on the command line are taken as given: ``..``, hidden parents and a leading
  dash are fine.  A named path that does not exist at all is a usage error (the caller's).
* Folders are walked recursively in name order; symbolic links to folders are followed once
  (a link back to a folder already being walked is a loop, reported, not followed).
* Inside a walked folder, hidden files and folders (a name starting with ".") are skipped
  and counted; files of other types are skipped and counted.
* A dangling link, a link loop and an unreadable folder become an :class:`InputFile` with a
  ``problem``, so the file gets its ``documents`` row saying why.
* A name that is not valid UTF-8 is kept: ``source`` shows its bytes escaped
  (``\\xd0``…), and ``non_utf8_name`` says so.
"""
from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

INPUT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: the path to open, the text the output shows, and why it cannot be read."""

    path: Path
    source: str
    problem: str | None = None
    non_utf8_name: bool = False


@dataclass(slots=True)
class Discovery:
    """What walking the inputs found."""

    files: list[InputFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named paths that do not exist
    hidden: int = 0  # hidden files and folders skipped inside walked folders
    other: int = 0  # files of other types skipped


def display_path(path: Path | str) -> tuple[str, bool]:
    """The path as text safe for any output, and whether its bytes were not UTF-8."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), True


def _entry(path: Path, problem: str | None = None) -> InputFile:
    source, bad = display_path(path)
    return InputFile(path, source, problem, bad)


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be followed (dangling, a loop), or None."""
    try:
        os.stat(path)
    except OSError as exc:
        target = os.fsencode(os.readlink(path)).decode("utf-8", "backslashreplace")
        if exc.errno == errno.ELOOP:
            return f"a symbolic link loop ({target!r} leads back to itself)"
        if exc.errno == errno.ENOENT:
            return f"a dangling symbolic link: its target {target!r} does not exist"
        return f"a symbolic link that cannot be followed ({exc.strerror})"
    return None


def _sort_key(path: Path) -> bytes:
    return os.fsencode(path)


class _Walker:
    """Recursive folder walk with loop detection by (device, inode)."""

    def __init__(self, found: Discovery):
        self.found = found
        self.active: set[tuple[int, int]] = set()

    def walk(self, folder: Path) -> None:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        if key in self.active:
            self.found.files.append(_entry(folder, "a symbolic link loop: a link back to a "
                                                   "folder already being walked, not followed"))
            return
        self.active.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            self.found.files.append(_entry(folder, f"cannot read the folder: {exc.strerror}"))
            self.active.discard(key)
            return
        for e in entries:
            self._visit(folder / e.name, e)
        self.active.discard(key)

    def _visit(self, path: Path, e: os.DirEntry) -> None:
        if e.name.startswith("."):
            self.found.hidden += 1
            return
        if e.is_symlink():
            problem = _link_problem(path)
            if problem:
                if path.suffix.lower() in INPUT_SUFFIXES or "loop" in problem:
                    self.found.files.append(_entry(path, problem))
                else:
                    self.found.other += 1
                return
        try:
            is_dir = e.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            self.walk(path)
        elif path.suffix.lower() in INPUT_SUFFIXES:
            self.found.files.append(_entry(path))
        else:
            self.found.other += 1


def discover_inputs(paths: Iterable[str | Path]) -> Discovery:
    """Walk the named files and folders; see the module docstring for the rules."""
    found = Discovery()
    for p in map(Path, paths):
        if not os.path.lexists(p):
            found.missing.append(display_path(p)[0])
            continue
        if p.is_symlink() and (problem := _link_problem(p)):
            found.files.append(_entry(p, problem))
        elif p.is_dir():
            _Walker(found).walk(p)
        else:
            found.files.append(_entry(p))
    seen: set[Path] = set()
    unique = []
    for f in found.files:
        try:
            key = f.path.resolve() if f.problem is None else f.path.absolute()
        except (OSError, RuntimeError):
            key = f.path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    found.files = unique
    return found
