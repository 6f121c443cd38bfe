"""Polite HTTP for feeds and pages, on httpx.

What a feed server may expect of a reader: conditional requests, a User-Agent that says who
is asking, a few requests at a time per host, retries that back off, and a client that gives
up on a response too large to be a feed instead of filling the memory. Every failure becomes
a `FetchError` whose message is one line a person can act on.
"""

from __future__ import annotations

import codecs
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any

import httpx

MEGABYTE = 1024 * 1024
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    """Seconds for connecting, for each read, and for the whole body."""
    retries: int = 1
    """Further tries after a timeout, a dropped connection or a 5xx/429 answer."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled before each next one."""
    max_bytes: int = 10 * MEGABYTE
    """Bodies are streamed and abandoned past this size (after decompression)."""
    per_host: int = 2
    """Requests in flight to one host at a time."""
    max_redirects: int = 5


class FetchError(Exception):
    """Why a URL could not be fetched, in one line ("HTTP 404 Not Found", "timed out…")."""


@dataclass(frozen=True)
class Fetched:
    url: str
    """Where the answer came from, after redirects."""
    status: int
    """200, or 304 when the conditional request found nothing new (the body is empty)."""
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    charset: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("rubrique")
    except PackageNotFoundError:
        number = "dev"
    return f"Rubrique/{number} (terminal news reader; httpx)"


class _Retry(Exception):
    """A failure worth another try; carries the message to give if none succeeds."""

    def __init__(self, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait


class Fetcher:
    """One connection pool for a whole fetch; safe to share between threads."""

    def __init__(self, policy: FetchPolicy | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=True,
            max_redirects=self.policy.max_redirects,
            transport=transport,
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        try:
            host = httpx.URL(url).host
        except httpx.InvalidURL:
            host = ""
        with self._hosts_lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self.policy.per_host))
        with slot:
            yield

    def get(self, url: str, etag: str = "", last_modified: str = "",
            accept: str = "*/*") -> Fetched:
        """GET with retries; a 304 comes back as `Fetched(status=304)`, errors as FetchError."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        tries = self.policy.retries + 1
        delay = self.policy.backoff
        for attempt in range(1, tries + 1):
            try:
                with self._host_slot(url):
                    return self._get_once(url, headers)
            except _Retry as retry:
                if attempt == tries:
                    suffix = f" (after {tries} tries)" if tries > 1 else ""
                    raise FetchError(f"{retry}{suffix}") from None
                time.sleep(max(delay, retry.wait))
                delay *= 2
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        policy = self.policy
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in RETRIED_STATUSES:
                    raise _Retry(_status_line(response), _retry_after(response))
                if status >= 400:
                    raise FetchError(_status_line(response))
                if status == 304:
                    return _fetched(response, b"")
                if status != 200:
                    raise FetchError(f"unexpected answer {_status_line(response)}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > policy.max_bytes:
                    raise FetchError(_too_large(policy.max_bytes, int(declared)))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > policy.max_bytes:
                        raise FetchError(_too_large(policy.max_bytes))
                    if time.monotonic() - started > policy.timeout:
                        raise _Retry(f"timed out after {policy.timeout:g} s")
                    chunks.append(chunk)
                return _fetched(response, b"".join(chunks))
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {policy.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {policy.max_redirects} redirects") from None
        except httpx.ConnectError as error:
            tls = _tls_reason(error)
            if tls:
                raise FetchError(f"TLS error: {tls}") from None
            raise FetchError(f"could not connect: {_reason(error)}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise _Retry(f"connection dropped: {_reason(error)}") from None
        except httpx.DecodingError as error:
            raise FetchError(f"could not decompress the response: {_reason(error)}") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            raise FetchError(f"invalid URL: {_reason(error)}") from None
        except httpx.HTTPError as error:
            raise FetchError(_reason(error)) from None


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    content_type = response.headers.get("Content-Type", "")
    return Fetched(
        url=str(response.url),
        status=response.status_code,
        body=body,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        content_type=content_type,
        charset=declared_charset(content_type),
    )


def declared_charset(content_type: str) -> str:
    if not content_type:
        return ""
    message = Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    return charset.strip().strip('"') if isinstance(charset, str) else ""


def known_charset(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _status_line(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


def _retry_after(response: httpx.Response) -> float:
    """Retry-After in seconds, capped: a server asking for an hour gets a failure instead."""
    value = response.headers.get("Retry-After", "")
    return min(float(value), 10.0) if value.isdigit() else 0.0


def _too_large(limit: int, declared: int = 0) -> str:
    size = f" ({_size(declared)})" if declared else ""
    return f"response larger than {_size(limit)}{size}: not downloaded"


def _size(count: int) -> str:
    if count >= MEGABYTE:
        return f"{count / MEGABYTE:.3g} MB"
    return f"{count / 1024:.0f} KB"


def _tls_reason(error: BaseException) -> str:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or "certificate verify failed"
        if isinstance(seen, ssl.SSLError):
            reason: Any = getattr(seen, "reason", None)
            return str(reason or seen).replace("_", " ").lower()
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    return text if "SSL" in text or "certificate" in text else ""


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
