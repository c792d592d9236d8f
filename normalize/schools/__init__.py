"""Specific schools an order names, in the gold README's canonical form.

A yargy grammar assembled from small named pieces (legal form, kind, number, «name»,
honorific, locality; vocabulary in ``normalize/data/schools.toml``) finds school mentions
and enumerations ("МБОУ СОШ № 3, 8, лицей № 2, «Радуга»" → four schools sharing
the legal form).  Each match is then put in canonical form: the kind in the nominative
("гимназией" → "гимназия"), an adjective name agreeing with the kind ("Заозерной СОШ" →
"Заозерная СОШ"), the legal form's full spelling abbreviated ("Муниципальное бюджетное
общеобразовательное учреждение" → "МБОУ"), a locality in the nominative ("г. Липецка"
→ "г. Липецк", confirmed by pymorphy2's Geox tag or natasha's NER).  Latin look-alike
letters are read as Cyrillic first ("MAOU" → "МАОУ").

The grammar and tokenizer are built once per process on first use (not thread-safe: one
parser per process).  Speed: the parser runs only on stretches of a line around a trigger
(a legal form or kind abbreviation, a kind word, "муниципальное … общеобразовательное"),
and only on the lines a few substring searches over the whole text pick (``prefilter.py``:
anchors every trigger holds), so most lines cost nothing; it starts matches only at triggers, its
prediction looks one token ahead (FIRST sets), and a printed line's and a window's results
are cached, so the row pass over cells already read in the document's text costs nothing
more.  The chart's states carry their identity and next term precomputed and build their
tree only for a chosen match; chosen matches are interpreted by plain recursions.
The trigger regex opens with a look-ahead for the letters a match can start with, so
the engine turns most positions away with one test; a window's tokens are read in one loop
(``benchmarks/schools_bench.py`` times the finder alone; tests/test_schools_fast.py holds
each fast path to the plain one, tests/test_fast6_schools.py the prefilter and lazy trees,
tests/test_fast9_schools.py the trigger, tokens, line slicing and interpretation).
Round 10: the chart runs over precompiled items and tuple states (``fastchart.py``: the same
states in the same order as ``earley.chart_from``, kept as the reference), facts are read
straight off the chosen states (``facts.py``; rivals ordered by their states as yargy orders
their trees), the trigger runs once per line, a document's line verdicts are remembered for
its table rows, and pymorphy2's inflection is cached per word (tests/test_fast10_schools.py).
Round 11: a window's chart reads its tokens one at a time from the first start and stops
once its states run out past the last (``findall_facts_at``; morphology and tokenizer in
``tokens.py``), a completion over a non-empty state needs no key and a predicted item no
predicate call, facts skip empty productions, the prefilter finds Latin letters letter by
letter (tests/test_fast11_schools.py).
Round 13: a new line of a table row gets its prefilter verdict from one regex search
(``line_is_candidate``), the legal forms' anchors are searched by their shared piece's
occurrences, and a Latin word's look-alike reading is cached per word
(tests/test_fast13_schools.py).
"""
from normalize.schools.mentions import Mention, find_mentions
from normalize.schools.resolve import find_schools, resolve_mentions, resolve_schools
from normalize.schools.vocabulary import (
    KindSpec,
    SchoolVocabulary,
    cyrillize,
    load_school_vocabulary,
)

__all__ = ["SchoolVocabulary", "KindSpec", "load_school_vocabulary", "cyrillize", "find_schools",
           "find_mentions", "resolve_mentions", "resolve_schools", "Mention"]
