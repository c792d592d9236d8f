"""Per-text caches: registered, and emptied by clear_text_caches (what the --cold benchmarks rely on)."""
from __future__ import annotations

from normalize.memo import clear_text_caches, text_cache, text_cache_info


def test_a_text_cache_remembers_until_cleared():
    calls: list[str] = []

    @text_cache(maxsize=8)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [length("ab"), length("ab"), length("abc")] == [2, 2, 3]
    assert calls == ["ab", "abc"]
    assert text_cache_info()[f"{__name__}.{length.__qualname__}"] == (1, 2)
    assert clear_text_caches() >= 1
    assert length("ab") == 2
    assert calls == ["ab", "abc", "ab"]
