"""The screen's guard: every request carries the session token, names this server as its
Host (no DNS rebinding), and a request that changes something comes from the screen itself
(Origin or Referer of this server: no cross-site form posts).

The token comes once in the URL the command prints; the answer sets it as a cookie that
the browser sends back only to this server (HttpOnly, SameSite=Strict), so links and forms
need not carry it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_PARAMETER = "token"
COOKIE = "toelating_session"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Every answer: only this server's own scripts and styles, never in a frame, never cached
# (a dossier's data stays out of the browser's cache), the address sent only to this server.
SAFETY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self';"
        b" base-uri 'none'; object-src 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Guard:
    """ASGI middleware: refuses (403, a plain sentence, nothing of the dossier) what fails."""

    def __init__(self, app: App, token: str, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.token = token
        self.hosts = frozenset(host.lower() for host in hosts)  # "127.0.0.1:8123"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal:
            await _forbidden(send, refusal)
            return
        sending = _with_headers(send, SAFETY_HEADERS)
        if self._from_query(scope):
            sending = _with_headers(sending, [(b"set-cookie", self._cookie())])
        await self.app(scope, receive, sending)

    def _cookie(self) -> bytes:
        return f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode("latin-1")

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> str | None:
        if headers.get("host", "").lower() not in self.hosts:
            return "unknown Host"
        if not (self._from_query(scope) or self._from_cookie(headers)):
            return "no valid session token; open the address the command printed"
        if scope["method"] not in SAFE_METHODS and not self._same_origin(headers):
            return "cross-origin request"
        return None

    def _from_query(self, scope: Scope) -> bool:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return any(_equal(value, self.token) for value in query.get(TOKEN_PARAMETER, []))

    def _from_cookie(self, headers: dict[str, str]) -> bool:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no token
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and _equal(morsel.value, self.token)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is None:
            referer = headers.get("referer")
            if referer is None:
                return False
            parts = urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}"
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() in self.hosts


def _equal(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


async def _forbidden(send: Send, reason: str) -> None:
    body = f"403 Forbidden: {reason}.\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _with_headers(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *headers]
        await send(message)

    return sending
