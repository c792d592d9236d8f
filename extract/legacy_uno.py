"""Conversion client run by the system Python (Debian's ``python3-uno``), one per worker.

    /usr/bin/python3 extract/legacy_uno.py PIPE_NAME OFFICE_PGID

It connects to the ``soffice`` listening on ``PIPE_NAME`` (started by ``extract.legacy``)
and converts on request: each stdin line is ``SOURCE_PATH<TAB>TARGET_PATH<TAB>FILTER``;
each answer line is ``ok`` or ``error <reason>``.  Documents load hidden, read-only, with
macros never run.  When stdin closes (the worker ended, even without running its exit
handlers) it shuts the office down and kills the office's process group, so no ``soffice``
outlives its worker.  Only the standard library and ``uno`` are imported: this file runs
outside the project's virtualenv.
"""
from __future__ import annotations

import os
import signal
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 60.0
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE


def _prop(name: str, value) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def connect(pipe: str):
    """The office's desktop, waiting for the listener to come up."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def convert(desktop, source: str, target: str, filter_name: str) -> None:
    """Load ``source`` hidden and store it as ``target`` with ``filter_name``."""
    load = (_prop("Hidden", True), _prop("ReadOnly", True), _prop("MacroExecutionMode", NEVER_EXECUTE))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("source file could not be loaded")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), (_prop("FilterName", filter_name),))
    finally:
        doc.close(True)


def main() -> int:
    office_group = int(sys.argv[2])
    try:
        desktop = connect(sys.argv[1])
        print("ready", flush=True)
        for line in sys.stdin:
            source, target, filter_name = line.rstrip("\n").split("\t")
            try:
                convert(desktop, source, target, filter_name)
                print("ok", flush=True)
            except Exception as exc:  # report, keep serving
                print("error " + " ".join(f"{type(exc).__name__}: {exc}".split()), flush=True)
    finally:
        try:
            os.killpg(office_group, signal.SIGKILL)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
