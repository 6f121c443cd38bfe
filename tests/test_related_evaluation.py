"""The related-articles evaluation: how far the labels themselves agree."""

from __future__ import annotations

from index.evaluate.related import Agreement, Outcome, TfidfCosine


def test_the_labels_own_agreement_shows_when_one_story_is_filed_under_two_sections() -> None:
    """Two tellings of one story filed under different sections: no similarity can put
    them in one category, and the confusion report says how often that happens, per band
    of baseline cosine."""
    texts = [
        "incendie usine lyon pompiers blessés évacuation quartier",
        "incendie usine lyon pompiers blessés évacuation riverains",
        "élections municipales candidats programme débat",
        "élections municipales candidats programme sondage",
        "match football championnat victoire",
    ]
    labels = ["france", "societe", "politique", "politique", "sport"]
    model = TfidfCosine(texts)
    outcome = Outcome()
    for number, label in enumerate(labels):
        similar = model.similar(number, 0.2, {number})
        assert all(other != number and cosine >= 0.2 for other, cosine in similar)
        outcome.agreement.add(label, [(cosine, labels[other]) for other, cosine in similar])
    line = outcome.confusion()[-1]
    assert line.startswith("same category among pairs by baseline cosine")
    # the fire story twice (split between sections), the elections twice (one section)
    assert "0.5-1.0 0.500 (2/4)" in line


def test_agreement_bands_count_each_pair_once_and_ignore_faint_ones() -> None:
    agreement = Agreement()
    agreement.add("monde", [(0.9, "monde"), (0.35, "france"), (0.25, "monde"), (0.05, "auto")])
    line = agreement.lines()[0]
    assert "0.2-0.3 1.000 (1/1)" in line
    assert "0.3-0.5 0.000 (0/1)" in line
    assert "0.5-1.0 1.000 (1/1)" in line


def test_plain_python_and_numpy_find_the_same_similar_articles() -> None:
    texts = ["alpha beta gamma", "alpha beta delta", "gamma delta", "epsilon zeta", "zeta alpha"]
    model = TfidfCosine(texts, max_df=0.9)
    plain = TfidfCosine(texts, max_df=0.9)
    plain._arrays = None
    for number in range(len(texts)):
        found = model.similar(number, 0.1, {number})
        assert found, number
        expected = plain.similar(number, 0.1, {number})
        assert [n for n, _ in found] == [n for n, _ in expected]
        assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(found, expected, strict=True))
