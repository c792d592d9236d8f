"""roadmap500: «500+» roadmap orders (DOCX, PDF) in, one normalized Parquet dataset out.

>>> import roadmap500
>>> activities, documents = roadmap500.convert(["samples/"])  # doctest: +SKIP
"""
from roadmap500.pipeline import convert, convert_file, convert_tables, convert_to_dir

__all__ = ["convert", "convert_file", "convert_tables", "convert_to_dir"]
__version__ = "0.1.0"
