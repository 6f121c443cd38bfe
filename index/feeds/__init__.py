"""Feed subscriptions and fetching: fill the library folder with article files.

No Textual here: the command line and the app both drive `fetch_feeds` with a progress
callable. Subscriptions live in a plain file (`subscriptions`), what each feed answered last
in a small state file beside it (`state`), HTTP manners in `http`, feed reading in `entries`,
page extraction in `pages`, and the Markdown files in `articles`.
"""

from index.feeds.fetch import FeedResult, FetchProgress, SavedPage, fetch_feeds, save_page
from index.feeds.http import FetchError, FetchPolicy
from index.feeds.subscriptions import Subscription, SubscriptionError

__all__ = [
    "FeedResult",
    "FetchError",
    "FetchPolicy",
    "FetchProgress",
    "SavedPage",
    "Subscription",
    "SubscriptionError",
    "fetch_feeds",
    "save_page",
]
