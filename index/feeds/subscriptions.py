"""Feed subscriptions: a plain text file in the user's config folder, and OPML in and out.

One feed per line, so the file can be edited by hand, diffed and kept in dotfiles:

    # comment
    https://example.org/feed.xml
    https://example.org/news.rss  full-text

`full-text` after the URL asks for each entry's page to be fetched and its main content kept
when the feed gives only a summary. Unknown words after a URL are kept as they are.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

CONFIG_ENV = "RUBRIQUE_CONFIG"
"""A config folder to use instead of the platform's (tests, several setups side by side)."""
LIBRARY_ENV = "RUBRIQUE_LIBRARY"
"""The article folder `rubrique fetch` fills when no folder is given."""
SUBSCRIPTIONS_FILE = "feeds.txt"
FULL_TEXT = "full-text"

_HEADER = (
    "# Rubrique feed subscriptions: one feed URL per line.\n"
    f"# Add '{FULL_TEXT}' after a URL to save each entry's whole page, not just the feed's "
    "summary.\n"
    "# Lines starting with # are ignored.\n"
)


class SubscriptionError(ValueError):
    """A URL or file the subscriptions cannot take; the message is one line for a person."""


@dataclass(frozen=True)
class Subscription:
    url: str
    full_text: bool = False
    options: tuple[str, ...] = field(default=())
    """Words after the URL that this version does not know: written back untouched."""
    title: str = ""
    """Only from OPML (`text`/`title`); the fetched feed's own title names its folder."""

    def line(self) -> str:
        words = [self.url, *([FULL_TEXT] if self.full_text else []), *self.options]
        return "  ".join(words)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path("rubrique")


def subscriptions_path() -> Path:
    return config_dir() / SUBSCRIPTIONS_FILE


def default_library() -> Path:
    """Where fetched articles go when no folder is given: $RUBRIQUE_LIBRARY, else a
    `Rubrique` folder in the user's documents (a folder any other tool can read too)."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_documents_path() / "Rubrique"


def check_url(url: str) -> str:
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https") or len(url) <= len(scheme) + 3 or any(
        c.isspace() for c in url
    ):
        raise SubscriptionError(f"not an http(s) URL: {url!r}")
    return url


def parse_line(line: str) -> Subscription | None:
    words = line.split()
    if not words or words[0].startswith("#"):
        return None
    url, rest = words[0], words[1:]
    return Subscription(
        url=url,
        full_text=FULL_TEXT in rest,
        options=tuple(word for word in rest if word != FULL_TEXT),
    )


def load(path: Path | None = None) -> list[Subscription]:
    """The subscriptions in file order; none when the file does not exist yet."""
    path = path or subscriptions_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    found: list[Subscription] = []
    seen: set[str] = set()
    for line in text.splitlines():
        subscription = parse_line(line)
        if subscription is not None and subscription.url not in seen:
            seen.add(subscription.url)
            found.append(subscription)
    return found


def save(subscriptions: list[Subscription], path: Path | None = None) -> None:
    """Rewrite the file, keeping the user's comment lines at the top where they were."""
    path = path or subscriptions_path()
    try:
        old = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        old = []
    comments = [line for line in old if line.lstrip().startswith("#") or not line.strip()]
    head = "".join(comments) if comments else _HEADER
    if head and not head.endswith("\n"):
        head += "\n"
    body = "".join(subscription.line() + "\n" for subscription in subscriptions)
    write_atomically(path, head + body)


def add(url: str, full_text: bool = False, path: Path | None = None) -> tuple[Subscription, bool]:
    """Subscribe (or change the full-text option of a feed already there); whether it is new."""
    url = check_url(url)
    subscriptions = load(path)
    for position, existing in enumerate(subscriptions):
        if existing.url == url:
            changed = Subscription(url, full_text, existing.options)
            subscriptions[position] = changed
            save(subscriptions, path)
            return changed, False
    subscription = Subscription(url, full_text)
    save([*subscriptions, subscription], path)
    return subscription, True


def remove(url: str, path: Path | None = None) -> bool:
    """Unsubscribe; False when the URL was not subscribed. Saved articles stay."""
    subscriptions = load(path)
    kept = [subscription for subscription in subscriptions if subscription.url != url.strip()]
    if len(kept) == len(subscriptions):
        return False
    save(kept, path)
    return True


def write_atomically(path: Path, text: str) -> None:
    """A reader (or a crash) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- OPML -------------------------------------------------------------------------------------
def read_opml(data: bytes) -> list[Subscription]:
    """Every outline with an `xmlUrl`, at any depth (readers nest them in folders)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise SubscriptionError(f"not a valid OPML file: {error}") from None
    if root.tag.lower() != "opml":
        raise SubscriptionError(f"not an OPML file: the root element is <{root.tag}>")
    found: list[Subscription] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        try:
            url = check_url(url)
        except SubscriptionError:
            continue
        title = (outline.get("title") or outline.get("text") or "").strip()
        found.append(Subscription(url, title=title))
    return found


def import_opml(data: bytes, path: Path | None = None) -> tuple[int, int]:
    """Add the OPML's feeds to the subscriptions: (added, already subscribed)."""
    subscriptions = load(path)
    known = {subscription.url for subscription in subscriptions}
    added = 0
    imported = read_opml(data)
    for subscription in imported:
        if subscription.url in known:
            continue
        known.add(subscription.url)
        subscriptions.append(Subscription(subscription.url))
        added += 1
    if added:
        save(subscriptions, path)
    return added, len(imported) - added


def export_opml(subscriptions: list[Subscription], titles: dict[str, str] | None = None) -> str:
    """OPML 2.0 that other feed readers import; titles are the fetched feeds' where known."""
    titles = titles or {}
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "Rubrique subscriptions"
    body = ElementTree.SubElement(root, "body")
    for subscription in subscriptions:
        title = titles.get(subscription.url) or subscription.title or subscription.url
        ElementTree.SubElement(
            body, "outline", type="rss", text=title, title=title, xmlUrl=subscription.url
        )
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode"
    ) + "\n"
