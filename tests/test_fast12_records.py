"""The round-12 speed-ups of frozen records give what the code they replace gave.

* ``records.slot_init`` on the records still built often per document (school mentions'
  ``_Parts`` and ``Mention``, ``definitions.Definition``): the same as the ``__init__``
  ``dataclass`` writes (``tests/test_fast11_doc.py``'s check, on these classes).
"""
from __future__ import annotations

import pytest

from tests.test_fast11_doc import test_slot_init_is_the_dataclass_init as _same_as_dataclass_init

# --------------------------------------------------------------------------- records


def _classes() -> list[type]:
    from normalize import definitions
    from normalize.schools import mentions

    return [mentions._Parts, mentions.Mention, definitions.Definition]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_slot_init_records_are_built_as_dataclass_would(cls):
    _same_as_dataclass_init(cls)
