"""Words broken at line ends: joined by morphology (and geometry where known), compounds kept.

The sentences are made up; the words are ordinary Russian ones, broken the ways Word and
LibreOffice break them."""
import pytest

from normalize.text import clean_text
from normalize.wordbreak import decide_breaks, decide_join, is_common_word, is_word, join_lines


@pytest.mark.parametrize("raw, joined", [
    # no hyphen: a word wider than a narrow column broken anywhere
    ("Ответственн\nые лица", "Ответственные лица"),
    ("региональн\nые координаторы", "региональные координаторы"),
    ("проведени\nе, анализ", "проведение, анализ"),
    ("Заместител\nи директоров", "Заместители директоров"),
    ("(выполнен\nо)", "(выполнено)"),  # "о" with no word after it is no preposition
    ("кура-\nторов и директоров", "кураторов и директоров"),  # dictionary word beats "кура-торов"
    ("общеобразоват\nельных\nорганизаций", "общеобразовательных организаций"),
    # automatic hyphenation
    ("разви-\nтия", "развития"),
    ("анти-\nрисковых программ", "антирисковых программ"),  # predicted: known prefix
    ("внут-\nришкольной системы", "внутришкольной системы"),
    ("му-\nниципаль-\nный район", "муниципальный район"),  # a chain over three lines
    ("на-\nправление работы", "направление работы"),  # a preposition is never half a compound
    ("образова-\nния", "образования"),
    ("разви\u00ad\nтия", "развития"),  # soft hyphen at the line end
    ("веби-\nнар для", "вебинар для"),  # no word before the hyphen: a syllable
    ("ФИ-\nОКО и", "ФИОКО и"),  # an abbreviation hyphenated like a word
])
def test_broken_words_are_joined(raw, joined):
    assert clean_text(raw) == joined


@pytest.mark.parametrize("raw, kept", [
    ("школ-\nучастниц", "школ-участниц"),
    ("естественно-\nнаучный цикл", "естественно-научный цикл"),
    ("социально-\nпсихологическое", "социально-психологическое"),
    ("Сентябрь -\nоктябрь", "Сентябрь - октябрь"),  # a dash after a space is not a break
    # nor before a number: a hyphen alone at a line end is a dash as often as a sign, and the
    # print of "X -5" and "X - 5" broken there is the same
    ("1 -\n4 классы", "1 - 4 классы"),
    ("отчет министерств\nо работе", "отчет министерств о работе"),  # not alone on its line
    ("по\nмере", "по мере"),
    # a word that does not fit at the end of a line with other words moves whole to the
    # next one: a break without a hyphen needs the fragment alone on its line, whatever
    # the joined letters spell ("вт" is an abbreviation) and however full the line is
    ("отчет в\nт. ч. планы", "отчет в т. ч. планы"),
    ("в\nтечение года", "в течение года"),
    ("за\nчет", "за чет"),  # two words; remainder too long to guess without geometry
    ("министерств\nо образования", "министерств о образования"),  # ambiguous without geometry
    ("содержательным\nи организационным", "содержательным и организационным"),
    ("ДО\nМАУ ИМЦ", "ДО МАУ ИМЦ"),  # a capital starts a new word
    ("Руководители\nобщеобразовательных", "Руководители общеобразовательных"),
    ("e-\nmail", "e-mail"),  # not Russian: the hyphen stays
    ("ППМС-\nцентр", "ППМС-центр"),
    ("№735-р\nот 01.02", "№735-р от 01.02"),  # "р" ends "735-р", not a word of its own
    ("школ-участ-\nников", "школ-участников"),  # a compound's second half hyphenated
    ("(далее-\nДО)", "(далее-ДО)"),  # a hyphen before a capital: no space, as printed
    ("психолого-\nпедагогической", "психолого-педагогической"),  # a combining form
    ("содержательным\nи\nорганизационным", "содержательным и организационным"),
    ("2-\nго опроса, 2021-\n2022", "2-го опроса, 2021-2022"),
    ("медиа-\nресурсы", "медиа-ресурсы"),
    # a triple compound whose first part is a combining form of a word keeps its hyphens
    ("медико-\nсоциально-педагогической", "медико-социально-педагогической"),
    ("кругл\nстол", "кругл стол"),  # the joined word is no word
])
def test_real_words_and_compounds_are_kept(raw, kept):
    assert clean_text(raw) == kept


def test_geometry_decides_when_morphology_cannot():
    # both halves are words: the line reaching the cell's edge makes it one broken word
    assert clean_text("министерств\nо работе", [True, False]) == "министерство работе"
    # a line the geometry shows short of the edge ended on purpose
    assert clean_text("министерств\nо работе", [False, False]) == "министерств о работе"
    assert clean_text("Ответственн\nые", [False, False]) == "Ответственн ые"
    assert clean_text("отчет в\nт. ч. планы", [True, False]) == "отчет в т. ч. планы"
    # a hyphenated break does not need the geometry
    assert clean_text("разви-\nтия", [False, False]) == "развития"
    # flags that do not match the lines are ignored
    assert clean_text("Ответственн\nые", [False]) == "Ответственные"


def test_geometry_survives_the_steps_that_join_lines_first():
    # a number compound wrapped at its hyphen ("ступени-|2") or a wrapped URL joins two
    # lines before the word breaks are read: the flags must still fit the lines after it
    raw = "Письмо для\nминистерств\nо и ступени-\n2 брюкозябр"
    assert clean_text(raw, [False, True, False, False]) == "Письмо для министерство и ступени-2 брюкозябр"
    raw = "см. http://брюк.рф/\nзябры/ и\nминистерств\nо"
    assert clean_text(raw, [True, False, True, False]) == "см. http://брюк.рф/зябры/ и министерство"
    assert clean_text(raw, [True, False, False, False]) == "см. http://брюк.рф/зябры/ и министерств о"


def test_morphology_helpers():
    assert is_word("антирисковых") and is_word("развития") and not is_word("ришкольной")
    assert is_common_word("участниц") and not is_common_word("анти")  # only a first name
    assert decide_join(["разви", "тия"], [True], alone=False, full=None)
    assert not decide_join(["школ", "участниц"], [True], alone=True, full=True)
    assert join_lines(["первая строка", "вторая"]) == "первая строка вторая"


# --------------------------------------------------------------------------- printed spaces

@pytest.mark.parametrize("lines, joined", [
    # a hyphen then a printed space: the source had "X- Y", never one compound
    (["Среда- ", "четверг 2030"], "Среда- четверг 2030"),
    (["Среда-", "четверг 2030"], "Среда-четверг 2030"),  # no space printed: hyphen inside
    (["школы- ", "зубрянки"], "школы- зубрянки"),
    (["школы-", "зубрянки"], "школы-зубрянки"),
    # a printed space after a fragment the dictionary would join: the source had a space
    (["Ответственн ", "ые лица"], "Ответственн ые лица"),
    (["Ответственн", "ые лица"], "Ответственные лица"),
    (["разви- ", "тия"], "разви- тия"),
    (["разви-", "тия"], "развития"),
    (["области- ", "Кузбасса"], "области- Кузбасса"),  # not glued before a capital either
])
def test_a_printed_space_at_a_line_end_is_never_a_break(lines, joined):
    assert join_lines(lines) == joined


def test_a_printed_space_wins_over_geometry():
    assert join_lines(["министерств ", "о"], [True, False]) == "министерств о"
    assert join_lines(["министерств", "о"], [True, False]) == "министерство"


def test_clean_text_keeps_the_printed_space_through_its_other_steps():
    assert clean_text("Среда- \nчетверг 2030") == "Среда- четверг 2030"
    assert clean_text("Среда-\nчетверг 2030") == "Среда-четверг 2030"


@pytest.mark.parametrize("raw, joined", [
    # a syllable that looks like a combining form, joined into one: the joined piece is the
    # combining form of a word ("психолог" + "о")
    ("психо-\nлого-педагогической", "психолого-педагогической"),
    # a capitalised first syllable that is no word (made-up words)
    ("«Брюкозя-\nбраУМ»", "«БрюкозябраУМ»"),
    ("Квакотря-\nбилка в школе", "Квакотрябилка в школе"),
    # closing marks pushed onto a line of their own by a long word
    ("ГБУ ЗЮКРЯКО\n)", "ГБУ ЗЮКРЯКО)"),
    ("(ЗЮКРЯКО\n), далее", "(ЗЮКРЯКО), далее"),
    ("брюкозябры\n» и", "брюкозябры» и"),
])
def test_syllables_and_closing_marks(raw, joined):
    assert clean_text(raw) == joined


def test_a_capitalised_word_before_a_hyphen_stays_a_compound():
    assert clean_text("Школа-\nквакотрябилка") == "Школа-квакотрябилка"  # "Школа" is a word
    assert clean_text("ЗЮКРЯКО \n) и") == "ЗЮКРЯКО ) и"  # a printed space before the mark stays


# --------------------------------------------------------------------------- mixed-case names

@pytest.mark.parametrize("raw, joined", [
    # after the hyphen a piece that is no word and opens in lower case with capitals after
    # it: the inside of one mixed-case name, whatever the piece before the hyphen is
    ("«Инструмента-\nриУМ»", "«ИнструментариУМ»"),
    ("«Школа-\nквакУМ» и", "«ШколаквакУМ» и"),  # made up; "Школа" is a word
    ("«брюкозябра-\nквакЛАБ»", "«брюкозябраквакЛАБ»"),
])
def test_a_mixed_case_piece_after_a_hyphen_joins(raw, joined):
    assert clean_text(raw) == joined


@pytest.mark.parametrize("raw, kept", [
    ("Школа-\nКВАКУМ", "Школа-КВАКУМ"),  # all capitals: a word of its own (an abbreviation)
    ("Школа-\nквакотрябилка", "Школа-квакотрябилка"),  # all lower case: a compound
    ("школ-\nучастниц", "школ-участниц"),
    ("10 кВт-\nч", "10 кВт-ч"),  # one lower-case letter before a capital: a unit, no piece
])
def test_other_case_patterns_after_a_hyphen_keep_it(raw, kept):
    assert clean_text(raw) == kept


# --------------------------------------------------------------------------- chains

@pytest.mark.parametrize("raw, joined", [
    # syllable breaks and a compound hyphen in one chain: each break decided on its own
    ("информа-\nционно-\nаналитиче-\nский центр", "информационно-аналитический центр"),
    ("инфор-\nмационно-\nаналити-\nческий", "информационно-аналитический"),
    ("естест-\nвенно-\nнаучный цикл", "естественно-научный цикл"),
    ("со-\nциально-\nпсихологическое", "социально-психологическое"),
    ("школ-\nучаст-\nников", "школ-участников"),
    ("медико-\nсоциально-\nпедагогической", "медико-социально-педагогической"),
    # every break a syllable, or every break a compound's
    ("му-\nниципаль-\nный район", "муниципальный район"),
    ("психо-\nлого-\nпедагогической", "психолого-педагогической"),
])
def test_each_break_of_a_chain_is_decided_on_its_own(raw, joined):
    assert clean_text(raw) == joined


def test_decide_breaks_reads_the_right_side_whole():
    assert decide_breaks(["информа", "ционно", "аналитиче", "ский"], [True] * 3,
                         alone=True, full=None) == [True, False, True]
    assert decide_breaks(["школ", "участниц"], [True], alone=True, full=True) == [False]
