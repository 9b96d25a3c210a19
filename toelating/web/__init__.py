"""`toelating serve`: a local screen to fill in, check and fix a dossier (needs the `serve`
extra: Starlette, Jinja2, uvicorn; htmx is vendored in static/)."""

from __future__ import annotations

import datetime as dt
import socket
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toelating.errors import UsageError

HOST = "127.0.0.1"  # never another interface: the screen is for this computer only


@dataclass(frozen=True)
class ServeOptions:
    folder: Path
    as_of: dt.date | None = None  # None: today
    open_browser: bool = True
    port: int = 0  # 0: a free one


def serve(options: ServeOptions, announce: Callable[[str], None]) -> None:
    """Run the screen until interrupted; announce the address (with its session token)."""
    try:
        import uvicorn

        from toelating.web.app import create_app
    except ImportError as error:
        raise UsageError.single(
            "serve",
            f"needs the serve extra ({error.name} is missing): pip install 'toelating[serve]'",
        ) from None
    from toelating.rulebook.load import load_default_rulebook
    from toelating.web.security import TOKEN_PARAMETER, new_token
    from toelating.web.workspace import Workspace

    if not options.folder.is_dir():
        raise UsageError.single(str(options.folder), "is not a folder; give a dossier's folder")
    listener = _listener(options.port)
    port = listener.getsockname()[1]
    token = new_token()
    hosts = (f"{HOST}:{port}", f"localhost:{port}")
    workspace = Workspace(options.folder, options.as_of, load_default_rulebook())
    app = create_app(workspace, token, hosts)
    address = f"http://{HOST}:{port}/?{TOKEN_PARAMETER}={token}"
    announce(address)
    if options.open_browser:
        webbrowser.open(address)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[listener])


def _listener(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1 (port 0: one the system says is free)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        raise UsageError.single(
            "--port", f"cannot listen on {HOST}:{port}: {error.strerror}"
        ) from None
    listener.listen(64)
    return listener
