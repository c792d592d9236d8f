"""roadmap500: «500+» roadmap orders (DOCX, PDF) in, one normalized Parquet dataset out.

>>> import roadmap500
>>> activities, documents = roadmap500.convert(["samples/"])  # doctest: +SKIP
"""
__all__ = ["convert", "convert_file", "convert_tables", "convert_to_dir"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The API, imported on first use (so ``roadmap500 --help`` and output checks are quick)."""
    if name in __all__:
        from roadmap500 import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
