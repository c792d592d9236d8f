"""Cell-text cleaning: joins and folds, removes debris, rewrites nothing else."""
from normalize.text import clean_text, fold


def test_lines_joined_and_whitespace_folded():
    assert clean_text("Первая  строка\n  вторая\tстрока ") == "Первая строка вторая строка"


def test_word_hyphenated_at_line_end_is_joined():
    assert clean_text("образова-\nния") == "образования"


def test_real_compound_broken_at_its_hyphen_keeps_the_hyphen():
    assert clean_text("школ-\nучастниц") == "школ-участниц"
    assert clean_text("школы-\n500+ и куратора") == "школы-500+ и куратора"


def test_wrapped_url_is_joined_without_spaces():
    url = "https://example.ru/content/editor/Ustanochnyj-\nseminar-2022-\n3.pdf Сайт"
    assert clean_text(url) == "https://example.ru/content/editor/Ustanochnyj-seminar-2022-3.pdf Сайт"
    assert clean_text("http://imc.example.ru/\nnews") == "http://imc.example.ru/news"


def test_conversion_debris_removed():
    assert clean_text("<p>до 22.01.2021</p> <p>до 08.02.2021</p>") == "до 22.01.2021 до 08.02.2021"
    assert clean_text("ДО | МАУ ИМЦ") == "ДО МАУ ИМЦ"
    assert clean_text("тек\u00adст") == "текст"


def test_nothing_else_is_rewritten():
    raw = "План–график «500 +» (выполнено) 16.02.2020 ФЙОКО"
    assert clean_text(raw) == raw
    assert clean_text("Сентябрь- октябрь 2022") == "Сентябрь- октябрь 2022"
    assert clean_text(None) == "" and fold("  a \n b ") == "a b"


def test_fold_splits_where_the_whitespace_pattern_matches():
    """fold's str.split path = the regex fold it replaced, for every character as a separator,
    at the edges and in runs."""
    import re
    import sys

    from normalize.text import _fold

    ws, plain_fold = re.compile(r"\s+"), _fold.__wrapped__  # uncached: a million texts
    folded = 0
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        for text in (f"{c}a{c}{c}b{c}", c):
            expected = ws.sub(" ", text).strip()
            assert plain_fold(text) == expected, hex(code)
            folded += expected != text
    assert fold(" a\u00a0\u2003b\n") == "a b"
    assert folded > 20  # the whitespace characters were folded
    assert fold(None) == fold("") == ""
