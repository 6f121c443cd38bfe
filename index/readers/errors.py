"""The one exception readers raise for content they cannot make sense of."""

from __future__ import annotations


class ReadError(Exception):
    """A file that is not a readable article; `str(error)` is one human line saying why.

    The scanner lists these as skipped files, so the message names the problem, not a traceback.
    """

    def __init__(self, message: str, *, retry: bool = False) -> None:
        super().__init__(" ".join(message.split()))
        self.retry = retry
        """True when the reader failed rather than the file: a missing module, a bug. The
        scanner then tries the file again next time instead of remembering it as unreadable."""
