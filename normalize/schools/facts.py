"""A match's fact read straight off its tree, without yargy's intermediate result objects.

yargy's ``Match.fact`` interprets a tree bottom-up into ``InterpretatorInput``, ``Chain``,
``AttributeResult``, ``FactResult`` and ``InterpretatorFact`` records, then ``normalized``
walks them again to build the facts.  For a grammar whose interpretations are only facts and
plain attributes (no normalizer, no custom or morph attribute), each of those steps is a
small rule, and doing them once gives the same fact: an attribute over tokens is the tokens
joined as ``join_tokens`` joins them, an attribute over one fact or attribute is that value,
a fact sets its own attributes (a repeatable one appends) and takes over the attributes a
fact of its scheme set.  ``plain_fact`` does exactly that; ``interpretable`` says whether
a grammar is such a grammar (``earley._TriggeredParser`` falls back to ``Match.fact``
otherwise).  The facts are the same ``Fact`` instances, equal attribute for attribute,
without ``_raw`` (``as_json`` is yargy's only reader of it; the school finder does not call it).
"""
from __future__ import annotations

from typing import Any

from yargy.interpretation.attribute import RepeatableAttribute
from yargy.interpretation.interpretator import AttributeInterpretator, FactInterpretator
from yargy.token import Token
from yargy.tree.constructors import Leaf


def interpretable(rules: list[Any]) -> bool:
    """Every interpretation in ``rules`` is a fact or a plain attribute (by exact type)."""
    return all(rule.interpretator is None
               or type(rule.interpretator) in (FactInterpretator, AttributeInterpretator)
               for rule in rules)


# An interpretation's result, before ``normalized``: ("chain", tokens), ("fact", scheme,
# attributes, modified, repeatable) or ("attribute", attribute, value).
_Result = tuple


def _kept(node: Any, out: list[Any]) -> list[Any]:
    """What an interpretation sees of ``node``'s children (``earley._kept_values``)."""
    for child in node.children:
        if isinstance(child, Leaf):
            out.append(child.token)
        elif child.rule.interpretator is not None:
            out.append(_interpret(child))
        else:
            _kept(child, out)
    return out


_SCHEMES: dict[type, tuple[dict[str, Any], frozenset[str]]] = {}


def _scheme(fact: type) -> tuple[dict[str, Any], frozenset[str]]:
    """The defaults of ``fact``'s attributes (in order) and its repeatable ones (cached: a
    grammar has a few schemes)."""
    found = _SCHEMES.get(fact)
    if found is None:
        defaults, repeatable = {}, set()
        for key in fact.__attributes__:
            attribute = getattr(fact, key)
            if isinstance(attribute, RepeatableAttribute):
                repeatable.add(key)
                defaults[key] = None  # a fresh list per fact (see _interpret)
            else:
                defaults[key] = attribute.default
        found = _SCHEMES[fact] = (defaults, frozenset(repeatable))
    return found


def _interpret(node: Any) -> _Result:
    """yargy's ``node.interpretator(InterpretatorInput(kept values))`` for a fact or an
    attribute interpretation."""
    return interpret(node.rule.interpretator, _kept(node, []))


def interpret(interpretator: Any, items: list[Any]) -> _Result:
    """A fact or attribute ``interpretator`` applied to what it sees (``items``: tokens
    and the results of the interpretations below it)."""
    if type(interpretator) is FactInterpretator:
        scheme = interpretator.fact
        defaults, repeatable = _scheme(scheme)
        attributes = dict(defaults)
        for key in repeatable:
            attributes[key] = []
        modified: set[str] = set()
        for item in items:
            if type(item) is tuple:
                if item[0] == "attribute" and issubclass(scheme, item[1].fact):
                    key = item[1].name
                    if key in repeatable:
                        attributes[key].append(item[2])
                    else:
                        attributes[key] = item[2]
                    modified.add(key)
                elif item[0] == "fact" and issubclass(item[1], scheme):
                    for key in item[3]:
                        attributes[key] = item[2][key]
                        modified.add(key)
        return "fact", scheme, attributes, modified, repeatable
    attribute = interpretator.attribute
    if all(isinstance(item, Token) for item in items):
        return "attribute", attribute, ("chain", items)
    if len(items) == 1 and type(items[0]) is tuple:
        item = items[0]
        return "attribute", attribute, (item[2] if item[0] == "attribute" else item)
    raise TypeError(f"{attribute!r} -> {[type(item) for item in items]!r}")


def _joined(tokens: list[Any]) -> str:
    """yargy's ``join_tokens``: the values, a space between two tokens apart in the text."""
    out, stop = [], None
    for token in tokens:
        span = token.span
        if stop is not None and span.start - stop > 0:
            out.append(" ")
        out.append(token.value)
        stop = span.stop
    return "".join(out)


def normalized(result: _Result) -> Any:
    """The fact (or attribute value) ``Match.fact`` gives for the root's ``result``."""
    return _normalized(result[2] if result[0] == "attribute" else result)


def _normalized(value: _Result) -> Any:
    """yargy's ``normalized`` of a chain or a fact result."""
    if value[0] == "chain":
        return _joined(value[1])
    _, scheme, attributes, modified, repeatable = value
    out = {}
    for key, item in attributes.items():
        if key in repeatable:
            item = [_normalized(v) for v in item]
        elif key in modified:
            item = _normalized(item)
        out[key] = item
    fact = scheme.__new__(scheme)  # Fact.__init__ sets exactly these attributes, in order
    fact.__dict__.update(out)
    return fact


def plain_fact(root: Any) -> Any:
    """``Match.fact`` of a match's tree root, for an ``interpretable`` grammar."""
    if root.rule.interpretator is None:
        raise ValueError("no .interpretation(...) for root rule")
    return normalized(_interpret(root))
