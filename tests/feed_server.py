"""A local HTTP server for the feed tests: real requests on 127.0.0.1, nothing else.

Each route answers with a body and headers, honours If-None-Match / If-Modified-Since with a
real 304, and can be slow, gzip its body, fail a few times first, redirect, or stream a body
without a length. Requests are recorded for the tests to look at.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    gzip: bool = False
    redirect_to: str | None = None
    fail_first: int = 0
    """Answer 503 this many times before answering properly."""
    no_length: bool = False
    """Stream the body without Content-Length, as a server that does not know it would."""
    hits: int = 0


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def statuses(self, path: str) -> list[int]:
        return [int(h["_status"]) for p, h in self.requests if p == path]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            route = server.routes.get(self.path)
            with server.lock:
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
            try:
                status = self._answer(route, headers)
            finally:
                with server.lock:
                    server.in_flight -= 1
            headers["_status"] = str(status)
            server.requests.append((self.path, headers))

        def _answer(self, route: Route | None, headers: dict[str, str]) -> int:
            if route is None:
                return self._send(404, b"not found", "text/plain")
            route.hits += 1
            if route.delay:
                time.sleep(route.delay)
            if route.hits <= route.fail_first:
                return self._send(503, b"busy", "text/plain")
            if route.redirect_to:
                self.send_response(301)
                self.send_header("Location", route.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return 301
            if route.status != 200:
                return self._send(route.status, route.body, route.content_type)
            fresh = (route.etag and headers.get("if-none-match") == route.etag) or (
                route.last_modified and headers.get("if-modified-since") == route.last_modified
            )
            extra = {}
            if route.etag:
                extra["ETag"] = route.etag
            if route.last_modified:
                extra["Last-Modified"] = route.last_modified
            if fresh:
                return self._send(304, b"", None, extra)
            body = route.body
            if route.gzip and "gzip" in headers.get("accept-encoding", ""):
                body = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            return self._send(200, body, route.content_type, extra, route.no_length)

        def _send(self, status: int, body: bytes, content_type: str | None,
                  extra: dict[str, str] | None = None, no_length: bool = False) -> int:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            if no_length:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for start in range(0, len(body), 65536):
                    self.wfile.write(body[start:start + 65536])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size limit): that is the point
            return status

    return Handler


@contextmanager
def serve() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(title: str, items: list[dict[str, str]], language: str = "en",
        encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 document; each item may have title, guid, link, description, content,
    category (comma-separated), author, date (RFC 822)."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{title}</title><link>http://127.0.0.1/</link>",
        f"<language>{language}</language>",
    ]
    for item in items:
        parts.append("<item>")
        for tag in ("title", "guid", "link", "description", "author"):
            if tag in item:
                parts.append(f"<{tag}><![CDATA[{item[tag]}]]></{tag}>")
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        for category in filter(None, item.get("category", "").split(",")):
            parts.append(f"<category>{category.strip()}</category>")
        if "content" in item:
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")
