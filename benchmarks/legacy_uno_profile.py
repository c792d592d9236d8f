"""Where a legacy file's conversion time goes inside LibreOffice: loading vs storing, by option.

    /usr/bin/python3 benchmarks/legacy_uno_profile.py FILE [FILE ...] [--repeat 5]

Runs with Debian's system Python (``python3-uno``), outside the project's virtualenv, like
``extract/legacy_uno.py``.  It starts one ``soffice`` listening on a private pipe (a
throwaway profile, as the pipeline does), converts every file once to warm it, then for each
variant and file reports the median over ``--repeat`` runs of the CPU seconds ``soffice``
spent (its process group, from ``/proc``) in ``loadComponentFromURL`` and in ``storeToURL``:

* ``pipeline``: what ``extract/legacy_uno.py`` does (Hidden, ReadOnly, macros never run;
  type detection; stored with the ``MS Word 2007 XML`` filter);
* ``named filter``: the same with the import filter named (no type detection);
* ``to ODT``: stored as ODT (``writer8``) instead of DOCX;
* ``load only``: loaded and closed, nothing stored.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from proc_cpu import group_cpu

IMPORT_FILTERS = {".rtf": "Rich Text Format", ".doc": "MS Word 97", ".odt": "writer8", ".docx": "MS Word 2007 XML"}
VARIANTS = (("pipeline", False, "MS Word 2007 XML", "docx"), ("named filter", True, "MS Word 2007 XML", "docx"),
            ("to ODT", False, "writer8", "odt"), ("load only", False, None, None))


def _prop(name: str, value) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def start_office(tmp: str) -> tuple[subprocess.Popen, object]:
    """A listening ``soffice`` and its desktop."""
    pipe = f"profile_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nolockcheck", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"})
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens
            time.sleep(0.1)
    else:
        raise RuntimeError("soffice did not start listening")
    return office, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop, group: int, source: Path, named: bool, store_filter: str | None, out: Path) -> tuple[float, float]:
    """CPU seconds of loading and of storing one file."""
    load = [_prop("Hidden", True), _prop("ReadOnly", True), _prop("MacroExecutionMode", 0)]
    if named:
        load.append(_prop("FilterName", IMPORT_FILTERS[source.suffix.lower()]))
    cpu0 = group_cpu(group)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(source)), "_blank", 0, tuple(load))
    cpu1 = group_cpu(group)
    if store_filter:
        doc.storeToURL(uno.systemPathToFileUrl(str(out)), (_prop("FilterName", store_filter),))
    cpu2 = group_cpu(group)
    doc.close(True)
    return cpu1 - cpu0, cpu2 - cpu1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = [f.resolve() for f in args.files]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="uno_profile_") as tmp:
        office, desktop = start_office(tmp)
        try:
            for f in files:
                convert(desktop, office.pid, f, False, "MS Word 2007 XML", Path(tmp) / "warm.docx")
            print("| file | variant | load CPU s | store CPU s | total |\n|---|---|---|---|---|")
            for name, named, store_filter, ext in VARIANTS:
                for f in files:
                    runs = [convert(desktop, office.pid, f, named, store_filter, Path(tmp) / f"out.{ext}")
                            for _ in range(args.repeat)]
                    load = statistics.median(r[0] for r in runs)
                    store = statistics.median(r[1] for r in runs)
                    print(f"| {f.name} | {name} | {load:.2f} | {store:.2f} | {load + store:.2f} |", flush=True)
        finally:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
