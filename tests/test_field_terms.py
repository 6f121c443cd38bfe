"""The quick path of field analysis gives what Whoosh's own analysis gives, for every field
of the schema: the same terms in the same order, frequencies, weights and encoded values
(positions and character spans), so an article indexed either way searches the same."""

from __future__ import annotations

import pytest
from whoosh.fields import TEXT

from index.field_terms import index_terms, plan_for
from index.schema import build_schema

TEXTS = [
    "Les États-Unis et l'Union européenne : les élections du 3.5 mars, à Paris et à Lyon.",
    "The elections in the United States were won; the winners' parties celebrated elections.",
    "Die Wahlen in Deutschland: die Parteien und der Bundestag, die Wahl der Kanzlerin.",
    "Las elecciones en España y los partidos políticos; el Congreso de los Diputados.",
    "un_mot a b c 42 3.141 big-time U.S.A. ÉCOLE école ecole œuvre straße ﬁn",
    "   ",
    "",
    "a an the of le la les",  # stop words only
    "naïve café résumé coöperate façade jalapeño Zürich Ørsted İstanbul",
    "東京 株式会社 and Москва — Κρήτη; عربي",
    "word word word another word, word.",
]


TEXT_FIELDS = sorted(name for name, field in build_schema().items() if isinstance(field, TEXT))


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_quick_field_analysis_matches_whoosh(name: str) -> None:
    field = build_schema()[name]
    for text in TEXTS:
        assert list(index_terms(field, text)) == list(field.index(text)), text


def test_the_text_fields_take_the_quick_path() -> None:
    schema = build_schema()
    for name in ("text", "title", "body_fr", "body_en", "body_de", "body_other", "person"):
        assert plan_for(schema[name]) is not None, name
    assert plan_for(schema["tag"]) is None  # comma-separated: left to Whoosh
