"""Session fixtures shared by several test modules."""
from __future__ import annotations

import pytest

from tests.samples_output import build_sample_output


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory):
    """An output folder converted from the sample DOCX orders and two broken files."""
    return build_sample_output(tmp_path_factory.mktemp("sample_output"))
