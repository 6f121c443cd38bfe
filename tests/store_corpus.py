"""A small multilingual corpus to write into a tmp folder, and a predictable entity finder.

The entity finder stands in for `index.analysis`'s own so the index tests check what the index
does with entities (search by person:, related by shared names), not how well they are found.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.models import EntityKind, Mention

ARTICLES: dict[str, str] = {
    "politique/elections.fr.md": """---
title: "Les élections américaines vues de Paris"
author: "Claire Dupont"
date: 2025-01-10
lang: fr
tags: [politique, États-Unis]
---
L'élection présidentielle aux États-Unis a vu Elon Musk soutenir ouvertement Donald Trump.

À Paris, les diplomates observent une campagne où les électeurs ont tranché sur l'économie.
""",
    "tech/stargate.en.md": """---
title: "Trump unveils Stargate, a giant bet on data centres"
author: "Helen Achterberg"
date: 2025-01-22
lang: en
tags: [Stargate, OpenAI]
---
President Donald Trump announced Stargate, a joint venture of OpenAI, SoftBank and Oracle.

Sam Altman said the data centres would be built in Texas. Elon Musk mocked the funding plan.
""",
    "tech/stargate.fr.md": """---
title: "Stargate : le pari géant d'OpenAI sur les centres de données"
author: "Claire Dupont"
date: 2025-01-23
lang: fr
tags: [Stargate, intelligence artificielle]
---
Donald Trump a présenté Stargate, une coentreprise d'OpenAI, de SoftBank et d'Oracle.

Sam Altman promet des centres de données au Texas ; Elon Musk doute du financement.
""",
    "sport/finale.de.md": """---
title: "Finale in München: Paris Saint-Germain gewinnt die Champions League"
author: "Jonas Weber"
date: 2025-06-01
lang: de
tags: [Fußball, Champions League]
---
Paris Saint-Germain hat das Finale der Champions League in München deutlich gewonnen.

Die Spieler feierten bis tief in die Nacht; die Fans in Paris jubelten auf den Straßen.
""",
    "cine/cannes.es.md": """---
title: "Cannes premia a Jafar Panahi con la Palma de Oro"
author: "Lucía Romero"
date: 2025-05-25
lang: es
tags: [cine, Cannes]
---
El cineasta iraní Jafar Panahi ganó la Palma de Oro del festival de Cannes con su nueva película.

Las películas premiadas este año hablan de libertad y de exilio.
""",
    "sport/football.en.txt": """Paris Saint-Germain crush Inter in the Munich final

Paris Saint-Germain won the Champions League final in Munich with a five-goal victory.

The players celebrated late into the night while fans filled the streets of Paris.
""",
}

NAMES: dict[str, tuple[EntityKind, str]] = {
    "Elon Musk": ("person", "elon musk"),
    "Musk": ("person", "elon musk"),
    "Donald Trump": ("person", "donald trump"),
    "Trump": ("person", "donald trump"),
    "Sam Altman": ("person", "sam altman"),
    "Jafar Panahi": ("person", "jafar panahi"),
    "OpenAI": ("organization", "openai"),
    "SoftBank": ("organization", "softbank"),
    "Oracle": ("organization", "oracle"),
    "Paris Saint-Germain": ("organization", "paris saint-germain"),
    "Texas": ("place", "texas"),
    "Paris": ("place", "paris"),
    "Cannes": ("place", "cannes"),
}
NEW_ARTICLE = """---
title: "Une sonde atteint Vénus"
date: 2025-05-02
lang: fr
---
La sonde a transmis ses premières images de l'atmosphère de Vénus.
"""
"""A French article that is in no folder yet: written by a test to add or change a file."""

_NAME_PATTERN = re.compile(
    "|".join(re.escape(name) for name in sorted(NAMES, key=len, reverse=True))
)


def fake_mentions(text: str) -> tuple[Mention, ...]:
    found = []
    for match in _NAME_PATTERN.finditer(text):
        kind, key = NAMES[match.group()]
        found.append(Mention(match.group(), kind, match.start(), match.end(), key))
    return tuple(found)


def write_corpus(folder: Path, articles: dict[str, str] | None = None) -> Path:
    for relative, text in (ARTICLES if articles is None else articles).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
