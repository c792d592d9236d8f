"""Generate ``normalize/data/regions.toml``: the 89 subjects of the Russian Federation.

Run ``python tools/make_regions.py`` (writes the file) or ``--check`` (exits 1 if the
committed file differs from what the script would write).  Every case form is produced
with pymorphy2 (``normalize.nlp.morph_vocab``); the few words it gets wrong are fixed in
``OVERRIDES`` below.

Conventions of the generated data (see the header it writes):

* ``name``: the subject's name as article 65 of the Constitution lists it (2023 edition,
  89 subjects), the redundant doubled names "(Адыгея)" and "(Татарстан)" dropped, the
  federal cities as plain "Москва", "Санкт-Петербург", "Севастополь".  Names with a
  second name keep it as the Constitution prints it: "Кемеровская область — Кузбасс",
  "Ханты-Мансийский автономный округ — Югра", "Республика Саха (Якутия)".
* ``code``: ISO 3166-2:RU.  ISO defines 83 codes; Crimea and Sevastopol (which ISO files
  under UA-43 / UA-40) and the four subjects added in 2022 have none, so their ``code``
  key is absent (read as None).
* ``forms``: the name without its second name ("Кемеровская область"), every case;
  ``tail_forms``: the second name, every case ("Кузбасс", "Кузбасса", ...), which the
  matcher accepts after a dash or in brackets in any case combination.
* ``aliases``: other names that stand for the subject alone ("Кузбасс", "Татарстан",
  "ХМАО"), every case where they inflect.
* ``adjectives``: place adjectives ("томский", "кузбасский"), every full form, lower case.
  Ethnic adjectives that also name a language ("чувашский", "татарский") and adjectives
  that name districts all over the country ("кировский", "приморский", "московский") are
  left out: they would be evidence of nothing.
* ``centre``: the administrative centre and ``centre_forms`` its case forms; a centre
  whose name is also a common word or surname ("Владимир", "Орёл", "Иваново" ~
  "Иванова") has ``centre_needs_prefix = true``: it counts only after "г." / "город".
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pymorphy2.analyzer import Parse as _Parse  # noqa: E402

from normalize.nlp import morph_vocab  # noqa: E402

OUT = ROOT / "normalize" / "data" / "regions.toml"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Src:
    """One subject as typed in by hand: everything else is generated from it."""

    name: str
    code: str | None
    kind: str
    centre: str | None
    adjectives: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # inflected in every case
    fixed_aliases: tuple[str, ...] = ()  # abbreviations and indeclinable names
    centre_needs_prefix: bool = False
    extra_centre_forms: tuple[str, ...] = field(default=())


R, K, O, F, AO, AOK = "republic", "krai", "oblast", "federal_city", "autonomous_oblast", "autonomous_okrug"

SUBJECTS: tuple[Src, ...] = (
    # --- republics (24) ---
    Src("Республика Адыгея", "RU-AD", R, "Майкоп", ("адыгейский",), ("Адыгея",)),
    Src("Республика Алтай", "RU-AL", R, "Горно-Алтайск"),
    Src("Республика Башкортостан", "RU-BA", R, "Уфа", ("башкортостанский",), ("Башкортостан", "Башкирия")),
    Src("Республика Бурятия", "RU-BU", R, "Улан-Удэ", (), ("Бурятия",)),
    Src("Республика Дагестан", "RU-DA", R, "Махачкала", ("дагестанский",), ("Дагестан",)),
    Src("Донецкая Народная Республика", None, R, "Донецк", ("донецкий",), (), ("ДНР",)),
    Src("Республика Ингушетия", "RU-IN", R, "Магас", (), ("Ингушетия",)),
    Src("Кабардино-Балкарская Республика", "RU-KB", R, "Нальчик", ("кабардино-балкарский",), ("Кабардино-Балкария",)),
    Src("Республика Калмыкия", "RU-KL", R, "Элиста", (), ("Калмыкия",)),
    Src("Карачаево-Черкесская Республика", "RU-KC", R, "Черкесск", ("карачаево-черкесский",), ("Карачаево-Черкесия",)),
    Src("Республика Карелия", "RU-KR", R, "Петрозаводск", (), ("Карелия",)),
    Src("Республика Коми", "RU-KO", R, "Сыктывкар"),
    Src("Республика Крым", None, R, "Симферополь", ("крымский",), ("Крым",)),
    Src("Луганская Народная Республика", None, R, "Луганск", ("луганский",), (), ("ЛНР",)),
    Src("Республика Марий Эл", "RU-ME", R, "Йошкар-Ола", (), (), ("Марий Эл",)),
    Src("Республика Мордовия", "RU-MO", R, "Саранск", (), ("Мордовия",)),
    Src("Республика Саха (Якутия)", "RU-SA", R, "Якутск", (), ("Якутия",)),
    Src("Республика Северная Осетия — Алания", "RU-SE", R, "Владикавказ", ("североосетинский",), ("Северная Осетия",)),
    Src("Республика Татарстан", "RU-TA", R, "Казань", ("татарстанский",), ("Татарстан",)),
    Src("Республика Тыва", "RU-TY", R, "Кызыл", (), ("Тыва", "Тува")),
    Src("Удмуртская Республика", "RU-UD", R, "Ижевск", (), ("Удмуртия",)),
    Src("Республика Хакасия", "RU-KK", R, "Абакан", (), ("Хакасия",)),
    Src("Чеченская Республика", "RU-CE", R, "Грозный", (), ("Чечня",), (), True),
    Src("Чувашская Республика — Чувашия", "RU-CU", R, "Чебоксары", (), ("Чувашия",)),
    # --- krais (9) ---
    Src("Алтайский край", "RU-ALT", K, "Барнаул", ("алтайский",)),
    Src("Забайкальский край", "RU-ZAB", K, "Чита", ("забайкальский",), ("Забайкалье",)),
    Src("Камчатский край", "RU-KAM", K, "Петропавловск-Камчатский", ("камчатский",), ("Камчатка",)),
    Src("Краснодарский край", "RU-KDA", K, "Краснодар", ("краснодарский",), ("Кубань",)),
    Src("Красноярский край", "RU-KYA", K, "Красноярск", ("красноярский",)),
    Src("Пермский край", "RU-PER", K, "Пермь", ("пермский",), ("Прикамье",)),
    Src("Приморский край", "RU-PRI", K, "Владивосток", (), ("Приморье",)),
    Src("Ставропольский край", "RU-STA", K, "Ставрополь", ("ставропольский",), ("Ставрополье",)),
    Src("Хабаровский край", "RU-KHA", K, "Хабаровск", ("хабаровский",)),
    # --- oblasts (48) ---
    Src("Амурская область", "RU-AMU", O, "Благовещенск", ("амурский",)),
    Src("Архангельская область", "RU-ARK", O, "Архангельск", ("архангельский",)),
    Src("Астраханская область", "RU-AST", O, "Астрахань", ("астраханский",)),
    Src("Белгородская область", "RU-BEL", O, "Белгород", ("белгородский",)),
    Src("Брянская область", "RU-BRY", O, "Брянск", ("брянский",)),
    Src("Владимирская область", "RU-VLA", O, "Владимир", ("владимирский",), (), (), True),
    Src("Волгоградская область", "RU-VGG", O, "Волгоград", ("волгоградский",)),
    Src("Вологодская область", "RU-VLG", O, "Вологда", ("вологодский",)),
    Src("Воронежская область", "RU-VOR", O, "Воронеж", ("воронежский",)),
    Src("Запорожская область", None, O, "Запорожье", ("запорожский",)),
    Src("Ивановская область", "RU-IVA", O, "Иваново", ("ивановский",), (), (), True),
    Src("Иркутская область", "RU-IRK", O, "Иркутск", ("иркутский",)),
    Src("Калининградская область", "RU-KGD", O, "Калининград", ("калининградский",)),
    Src("Калужская область", "RU-KLU", O, "Калуга", ("калужский",)),
    Src("Кемеровская область — Кузбасс", "RU-KEM", O, "Кемерово", ("кемеровский", "кузбасский"), ("Кузбасс",)),
    Src("Кировская область", "RU-KIR", O, "Киров", (), (), (), True),
    Src("Костромская область", "RU-KOS", O, "Кострома", ("костромской",)),
    Src("Курганская область", "RU-KGN", O, "Курган", ("курганский",), (), (), True),
    Src("Курская область", "RU-KRS", O, "Курск", ("курский",)),
    Src("Ленинградская область", "RU-LEN", O, "Гатчина", ()),
    Src("Липецкая область", "RU-LIP", O, "Липецк", ("липецкий",)),
    Src("Магаданская область", "RU-MAG", O, "Магадан", ("магаданский",)),
    Src("Московская область", "RU-MOS", O, "Красногорск", (), ("Подмосковье",)),
    Src("Мурманская область", "RU-MUR", O, "Мурманск", ("мурманский",)),
    Src("Нижегородская область", "RU-NIZ", O, "Нижний Новгород", ("нижегородский",)),
    Src("Новгородская область", "RU-NGR", O, "Великий Новгород", ("новгородский",)),
    Src("Новосибирская область", "RU-NVS", O, "Новосибирск", ("новосибирский",)),
    Src("Омская область", "RU-OMS", O, "Омск", ("омский",)),
    Src("Оренбургская область", "RU-ORE", O, "Оренбург", ("оренбургский",)),
    Src("Орловская область", "RU-ORL", O, "Орёл", ("орловский",), (), (), True),
    Src("Пензенская область", "RU-PNZ", O, "Пенза", ("пензенский",)),
    Src("Псковская область", "RU-PSK", O, "Псков", ("псковский",)),
    Src("Ростовская область", "RU-ROS", O, "Ростов-на-Дону", ("ростовский",)),
    Src("Рязанская область", "RU-RYA", O, "Рязань", ("рязанский",)),
    Src("Самарская область", "RU-SAM", O, "Самара", ("самарский",)),
    Src("Саратовская область", "RU-SAR", O, "Саратов", ("саратовский",)),
    Src("Сахалинская область", "RU-SAK", O, "Южно-Сахалинск", ("сахалинский",)),
    Src("Свердловская область", "RU-SVE", O, "Екатеринбург", ("свердловский",)),
    Src("Смоленская область", "RU-SMO", O, "Смоленск", ("смоленский",)),
    Src("Тамбовская область", "RU-TAM", O, "Тамбов", ("тамбовский",)),
    Src("Тверская область", "RU-TVE", O, "Тверь", ("тверской",)),
    Src("Томская область", "RU-TOM", O, "Томск", ("томский",)),
    Src("Тульская область", "RU-TUL", O, "Тула", ("тульский",)),
    Src("Тюменская область", "RU-TYU", O, "Тюмень", ("тюменский",)),
    Src("Ульяновская область", "RU-ULY", O, "Ульяновск", ("ульяновский",)),
    Src("Херсонская область", None, O, "Херсон", ("херсонский",)),
    Src("Челябинская область", "RU-CHE", O, "Челябинск", ("челябинский",)),
    Src("Ярославская область", "RU-YAR", O, "Ярославль", ("ярославский",)),
    # --- federal cities (3) ---
    Src("Москва", "RU-MOW", F, None),
    Src("Санкт-Петербург", "RU-SPE", F, None, ("петербургский", "санкт-петербургский"), ("Петербург",)),
    Src("Севастополь", None, F, None, ("севастопольский",)),
    # --- autonomous oblast (1) and okrugs (4) ---
    Src("Еврейская автономная область", "RU-YEV", AO, "Биробиджан", (), (), ("ЕАО",)),
    Src("Ненецкий автономный округ", "RU-NEN", AOK, "Нарьян-Мар"),
    Src("Ханты-Мансийский автономный округ — Югра", "RU-KHM", AOK, "Ханты-Мансийск",
        ("ханты-мансийский", "югорский"), ("Югра",), ("ХМАО", "ХМАО-Югра")),
    Src("Чукотский автономный округ", "RU-CHU", AOK, "Анадырь", ("чукотский",), ("Чукотка",)),
    Src("Ямало-Ненецкий автономный округ", "RU-YAN", AOK, "Салехард", ("ямало-ненецкий",), ("Ямал",), ("ЯНАО",)),
)

# Words pymorphy2 inflects wrongly (or not at all) in some case: word → {case: form}.
OVERRIDES: dict[str, dict[str, str]] = {
    "кемерово": {c: "кемерово" for c in CASES},  # indeclinable in official usage
    "иваново": {c: "иваново" for c in CASES} | {"gent": "иванова", "datv": "иванову", "ablt": "ивановом", "loct": "иванове"},
    "орёл": {"nomn": "орёл", "gent": "орла", "datv": "орлу", "accs": "орёл", "ablt": "орлом", "loct": "орле"},
    "грозный": {"nomn": "грозный", "gent": "грозного", "datv": "грозному", "accs": "грозный", "ablt": "грозным", "loct": "грозном"},
    "марий": {c: "марий" for c in CASES},
    "эл": {c: "эл" for c in CASES},
}


def _best_parse(word: str, *, geo: bool = False, adj: bool = False):
    """The parse to inflect from: nominative; an adjective when ``adj``; a place name when ``geo``."""
    parses = morph_vocab().parse(word.lower())

    def score(p) -> tuple[int, int, int, float]:
        return ("ADJF" in p.tag) == adj, ("Geox" in p.tag) * geo, ("nomn" in p.tag), p.score

    return max(parses, key=score)


def _cap_like(form: str, model: str) -> str:
    """Give ``form`` the capitalisation of ``model`` (per hyphen part)."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    parts, mparts = form.split("-"), model.split("-")
    out = []
    for i, part in enumerate(parts):
        m = mparts[min(i, len(mparts) - 1)]
        out.append(part[:1].upper() + part[1:] if m[:1].isupper() else part)
    return "-".join(out)


def inflect_word(word: str, case: str, *, geo: bool = False, adj: bool = False) -> str:
    """One word in ``case`` (OpenCorpora grammeme), capitalised as given."""
    low = word.lower()
    if low in OVERRIDES:
        return _cap_like(OVERRIDES[low][case], word)
    p = _best_parse(low, geo=geo, adj=adj)
    grams = {case, "sing"}
    if "ADJF" in p.tag and p.tag.gender:
        grams.add(p.tag.gender)
        if case == "accs" and p.tag.gender != "femn":
            grams.add("inan")  # every name here heads on an inanimate noun
    infl = _Parse.inflect(p, grams) or _Parse.inflect(p, {case})
    return _cap_like(infl.word if infl else low, word)


def inflect_phrase(words: list[str], case: str, *, fixed_from: int | None = None, geo: bool = False) -> str:
    """Inflect each word (those before ``fixed_from`` only): adjectives agree with the last noun."""
    out = []
    for i, w in enumerate(words):
        if fixed_from is not None and i >= fixed_from:
            out.append(w)
        else:
            out.append(inflect_word(w, case, geo=geo, adj=i < len(words) - 1))
    return " ".join(out)


def split_name(name: str) -> tuple[str, str | None, bool]:
    """Base name, second name, and whether the second name is bracketed (fixed)."""
    if " — " in name:
        base, tail = name.split(" — ", 1)
        return base, tail, False
    if "(" in name:
        base, tail = name.split("(", 1)
        return base.strip(), tail.rstrip(")").strip(), True
    return name, None, False


def uniq(items) -> list[str]:
    """Order-preserving de-duplication."""
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


def name_forms(src: Src) -> tuple[list[str], list[str]]:
    """The base name and the second name in every case."""
    base, tail, bracketed = split_name(src.name)
    words = base.split()
    republic_first = words[0] == "Республика"
    fixed_from = 1 if republic_first else None
    forms = uniq(inflect_phrase(words, c, fixed_from=fixed_from, geo=src.kind == F) for c in CASES)
    tails: list[str] = []
    if tail:
        if bracketed or republic_first:
            tails = [tail]
        else:
            tails = uniq(inflect_phrase(tail.split(), c, geo=True) for c in CASES)
    return forms, tails


def adjective_forms(lemma: str) -> list[str]:
    """Every full (attributive) form of a place adjective, lower case."""
    parses = [p for p in morph_vocab().parse(lemma) if "ADJF" in p.tag]
    if not parses:
        raise SystemExit(f"not an adjective for pymorphy2: {lemma}")
    forms = {lemma}
    for f in parses[0].lexeme:
        if "ADJF" in f.tag and "Supr" not in f.tag and "Cmp2" not in f.tag:
            forms.add(f.word)
    return sorted(forms)


def build() -> list[dict]:
    """Every subject as a dict ready to be written as TOML."""
    out = []
    for src in SUBJECTS:
        forms, tails = name_forms(src)
        aliases = []
        for a in src.aliases:
            aliases += [inflect_phrase(a.split(), c, geo=True) for c in CASES]
        aliases += list(src.fixed_aliases)
        adjectives: list[str] = []
        for a in src.adjectives:
            adjectives += adjective_forms(a)
        rec: dict = {"name": src.name}
        if src.code:
            rec["code"] = src.code
        rec["kind"] = src.kind
        rec["forms"] = forms
        if tails:
            rec["tail_forms"] = tails
        if aliases:
            rec["aliases"] = uniq(aliases)
        if adjectives:
            rec["adjectives"] = uniq(adjectives)
        if src.centre:
            cwords = src.centre.split()
            rec["centre"] = src.centre
            rec["centre_forms"] = uniq([inflect_phrase(cwords, c, geo=True) for c in CASES] + list(src.extra_centre_forms))
            if src.centre_needs_prefix:
                rec["centre_needs_prefix"] = True
        out.append(rec)
    return out


def _key(form: str) -> str:
    return " ".join(form.lower().replace("ё", "е").replace("-", " ").split())


def check_collisions(records: list[dict]) -> list[str]:
    """Forms that two subjects share (would make a mention ambiguous)."""
    owner: dict[str, str] = {}
    clashes = []
    for rec in records:
        for kind in ("forms", "tail_forms", "aliases", "adjectives", "centre_forms"):
            for f in rec.get(kind, ()):
                k = _key(f)
                if k in owner and owner[k] != rec["name"]:
                    clashes.append(f"{f!r}: {owner[k]} / {rec['name']}")
                owner.setdefault(k, rec["name"])
    return clashes


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


HEADER = """\
# The 89 subjects of the Russian Federation (Constitution art. 65, 2023).
# GENERATED by tools/make_regions.py with pymorphy2 — edit the script, not this file.
#
# name         official short name (Constitution); federal cities as "Москва" etc.
# code         ISO 3166-2:RU; absent where ISO defines none (Crimea, Sevastopol, ДНР,
#              ЛНР, Запорожская and Херсонская области)
# kind         republic | krai | oblast | federal_city | autonomous_oblast | autonomous_okrug
# forms        the name (without its second name) in every case, capitalised as printed
# tail_forms   the second name ("— Кузбасс", "(Якутия)") in every case
# aliases      other names of the subject alone, every case
# adjectives   place adjectives, every full form, lower case (weaker evidence)
# centre       administrative centre; centre_forms its cases (weakest evidence);
#              centre_needs_prefix: counts only after "г." / "город" (common word/surname)
"""


def render(records: list[dict]) -> str:
    """The TOML text of the gazetteer."""
    lines = [HEADER]
    for rec in records:
        lines.append("[[region]]")
        for k, v in rec.items():
            lines.append(f"{k} = {_toml_value(v)}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) the gazetteer file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    args = ap.parse_args(argv)
    records = build()
    if len(records) != 89:
        raise SystemExit(f"expected 89 subjects, have {len(records)}")
    clashes = check_collisions(records)
    if clashes:
        raise SystemExit("forms shared by two subjects:\n" + "\n".join(clashes))
    text = render(records)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else "STALE")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(records)} subjects)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
