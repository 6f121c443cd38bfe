"""The learned entity taggers: what a reader sees change, and that training works end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.analysis import crf
from index.analysis.entities import find_mentions, model_mentions, rule_mentions
from index.train import ner as training


def kinds(text: str, language: str) -> dict[str, str]:
    mentions = find_mentions(text, language)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return {m.text: m.kind for m in mentions}


@pytest.mark.parametrize("language", crf.MODEL_LANGUAGES)
def test_a_model_ships_for_each_model_language(language: str) -> None:
    info = crf.model_info(language)
    assert info is not None and info["features"] == crf.FEATURE_VERSION
    assert info["sources"], "the training data must be credited"
    assert crf.tagger_for(language) is not None


def test_german_model_finds_names_the_rules_miss() -> None:
    text = "Die Grünen fordern einen Ausstieg, erklärte Parteichefin Ricarda Lang."
    assert "Grünen" not in {m.text for m in rule_mentions(text, "de")}
    found = kinds(text, "de")
    assert found.get("Grünen") == "organization"
    assert found.get("Ricarda Lang") == "person"


def test_currencies_are_not_entities() -> None:
    assert "Euro" not in kinds("Die Fabrik kostet zehn Milliarden Euro, sagte Olaf Scholz.", "de")
    assert "Euro" not in kinds("El proyecto costará 500 millones de Euro en Madrid.", "es")


def test_a_name_never_runs_on_into_the_next_sentence() -> None:
    found = kinds("Das erste Rechenzentrum steht in Abilene. Im Mai folgte ein zweites.", "de")
    assert "Abilene" in found
    assert not any("Mai" in name for name in found)


def test_a_found_surname_is_a_person_wherever_it_recurs() -> None:
    text = (
        "Gestern traf Heiko Brandner die Minister. Später sprach Brandner über die Pläne. "
        "Brandners Vorschlag fand Zustimmung."
    )
    mentions = [m for m in find_mentions(text, "de") if m.text.startswith("Brandner")]
    assert {m.kind for m in mentions} == {"person"}
    assert len({m.key for m in mentions}) == 1


def test_kind_errors_seen_by_readers() -> None:
    english = kinds(
        "SoftBank will build in Lordstown in Ohio, where racks of Nvidia GB200 systems arrive.",
        "en",
    )
    assert english.get("Lordstown") == "place"
    assert english.get("Nvidia GB200", "other") == "other"
    french = kinds("Depuis 16 ans, l’artiste travaille avec Universal Music à Paris.", "fr")
    assert french.get("Universal Music") == "organization"
    seed = kinds("Sam Altman, PDG d’OpenAI, a répondu à Elon Musk.", "fr")
    assert "PDG d’OpenAI" not in seed and seed.get("OpenAI") == "organization"
    spanish = kinds("Altman dijo que SoftBank pagará la mitad del proyecto en Texas.", "es")
    assert spanish.get("SoftBank") == "organization"


def _tiny_german_model(tmp_path: Path) -> Path:
    """A CRF trained on three German sentences (four times over): enough to tag them."""
    sentences = [
        ("Anna Berger wohnt in Bremen .", [(0, 11, "PER"), (21, 27, "LOC")]),
        ("Die Firma Kessler baut in Kiel .", [(10, 17, "ORG"), (26, 30, "LOC")]),
        ("Gestern sprach Jonas Wolf in Hamburg .", [(15, 25, "PER"), (29, 36, "LOC")]),
    ] * 4
    units = [training.Unit(text, tuple(names)) for text, names in sentences]
    path = tmp_path / "tiny.crfsuite"
    assert training.train(units, "de", path, {"max_iterations": 30}) == len(units)
    return path


def test_training_writes_a_model_that_tags(tmp_path: Path) -> None:
    tagger = crf.Tagger.from_crfsuite(_tiny_german_model(tmp_path))
    found = {m.text: m.kind for m in model_mentions("Anna Berger wohnt in Kiel .", "de", tagger)}
    assert found.get("Kiel") == "place"


def test_viterbi_finds_the_best_label_sequence() -> None:
    """The tree-shaped Viterbi against trying every sequence, on lengths that make its tree
    uneven (odd counts at several levels)."""
    import itertools

    import numpy as np

    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(3, 3))
    for length in (1, 2, 3, 5, 6, 7):
        scores = rng.normal(size=(length, 3))

        def total(path: tuple[int, ...], scores: np.ndarray = scores) -> float:
            emitted = sum(scores[t, label] for t, label in enumerate(path))
            return float(emitted + sum(transitions[a, b] for a, b in itertools.pairwise(path)))

        best = max(itertools.product(range(3), repeat=length), key=total)
        assert tuple(crf.best_path(scores, transitions)) == best


def test_viterbi_on_long_sequences_matches_the_step_by_step_search() -> None:
    """Long enough that the tree's lower levels take the other way of multiplying (one
    middle label at a time): the same path as the textbook search, token by token."""
    import numpy as np

    rng = np.random.default_rng(11)
    for length, width in ((130, 9), (257, 9), (301, 5)):
        scores = rng.normal(size=(length, width))
        transitions = rng.normal(size=(width, width))
        best = scores[0].copy()
        back = []
        for t in range(1, length):
            through = best[:, None] + transitions + scores[t][None, :]
            back.append(through.argmax(axis=0))
            best = through.max(axis=0)
        path = [int(best.argmax())]
        for pointers in reversed(back):
            path.append(int(pointers[path[-1]]))
        assert crf.best_path(scores, transitions) == path[::-1]


def test_our_tagger_labels_as_crfsuite_does(tmp_path: Path) -> None:
    """Indexing tags with our reading of the weights; it must agree with CRFsuite's tagger on
    the model it trained, and survive being saved and loaded."""
    import pycrfsuite

    path = _tiny_german_model(tmp_path)
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    ours = crf.Tagger.from_crfsuite(path)
    ours.save(tmp_path / "tiny.weights.json.gz")
    loaded = crf.Tagger.load(tmp_path / "tiny.weights.json.gz")
    from index.analysis.entities import training_view

    for text in ("Anna Berger wohnt in Kiel .", "Jonas Wolf baut in Bremen und Hamburg ."):
        tokens, rules = training_view(text, "de")
        expected = reference.tag(crf.sequence_features(tokens, rules, "de"))
        assert ours.tag(tokens, rules, "de") == expected
        assert loaded.tag(tokens, rules, "de") == expected


def test_scores_in_a_results_table_end_the_names() -> None:
    text = "Resultados : Real Madrid 83 - Adecco Estudiantes 73 Real Madrid 80 - Unicaja 77 ."
    names = {m.text for m in find_mentions(text, "es")}
    assert "Real Madrid" in names and "Adecco Estudiantes" in names
    assert not any(any(c.isdigit() for c in name) for name in names)
