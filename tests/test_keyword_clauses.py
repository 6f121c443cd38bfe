"""Sidebar keywords are tags, not clauses: no verbs, no names glued to other words."""

from __future__ import annotations

import re

import pytest

from index.analysis.keywords import extract_keywords

ENGLISH = """Panahi wins top prize as Stargate announces new site

The president presented Stargate on Tuesday as a data centre venture. The administration intends
to help the data centre builders find power. The partners scouted land in Texas, where the first
data centre is being built. AI built by the venture will need gas turbines, and the gas turbines
will run on cheap gas. His chair stayed empty at the dinner. Panahi wins praise for his films,
and the data centre debate goes on while Stargate announces more data centre sites.
"""

FRENCH = """Les centres de données consomment toujours plus

Les centres de données consomment de plus en plus d’électricité en Europe. Le projet bénéficie
d’aides publiques, et le fondeur taïwanais TSMC construit une usine de puces à Dresde. La Cour
des comptes européenne juge le plan trop lent. Le groupe remporte un contrat pour des puces, et
les centres de données réclament des raccordements au réseau électrique. Les puces restent
rares, et l’usine de puces de Dresde ouvrira en 2027.
"""

SPANISH = """El Gobierno pide prudencia tras el apagón

El Gobierno pide prudencia mientras investiga el apagón que dejó sin electricidad a la
península. El proyecto reúne a las eléctricas para revisar la red eléctrica. Los hospitales
tiraron de generadores durante el apagón, y la red eléctrica recuperó el suministro por la
noche. Red Eléctrica descarta un ciberataque y estudia la inercia de la red eléctrica.
"""

GERMAN = """Paris demütigt Inter im Finale

Paris Saint-Germain demütigt Inter Mailand im Finale der Champions League. Der Trainer übernahm
Paris vor zwei Jahren und formte eine junge Mannschaft. Die Mannschaft spielte ein schnelles
Pressing, und im Finale traf die Mannschaft fünfmal. Das Finale fand in der Allianz Arena statt,
wo die Fans der Mannschaft bis in die Nacht feierten.
"""


@pytest.mark.parametrize(
    ("text", "language", "clauses"),
    [
        (ENGLISH, "en", ["president presented Stargate", "administration intends",
                         "partners scouted land", "AI built", "chair stayed empty",
                         "Panahi wins", "Stargate announces"]),
        (FRENCH, "fr", ["données consomment", "projet bénéficie", "taïwanais TSMC",
                        "européenne juge", "remporte"]),
        (SPANISH, "es", ["Gobierno pide prudencia", "pide prudencia", "proyecto reúne"]),
        (GERMAN, "de", ["demütigt Inter", "übernahm Paris"]),
    ],
)
def test_no_subject_verb_clause_becomes_a_keyword(
    text: str, language: str, clauses: list[str]
) -> None:
    keywords = [k.lower() for k in extract_keywords(text, language)]
    for clause in clauses:
        assert not any(clause.lower() in k for k in keywords), (clause, keywords)


@pytest.mark.parametrize(
    ("text", "language", "terms"),
    [
        (ENGLISH, "en", ["data centre", "gas turbines"]),
        (FRENCH, "fr", ["centres de données", "puces"]),
        (SPANISH, "es", ["apagón", "red eléctrica"]),
        (GERMAN, "de", ["Finale", "Mannschaft"]),
    ],
)
def test_the_noun_phrases_around_the_clauses_stay(
    text: str, language: str, terms: list[str]
) -> None:
    keywords = [k.lower() for k in extract_keywords(text, language)]
    for term in terms:
        pattern = re.compile(rf"(?<!\w){re.escape(term.lower())}s?(?!\w)")
        assert any(pattern.search(k) for k in keywords), (term, keywords)
