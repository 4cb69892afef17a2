"""What `mkdocs serve` watches of the casebook: the cases folder through the system's file
events, and the symbolic links in it, each asking the server for a rebuild the same way."""

from __future__ import annotations

import logging
import os

from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserverVFS

log = logging.getLogger("mkdocs.plugins.casebook")


def can_rebuild(server) -> bool:
    """Whether `server` is the LiveReloadServer that `request_rebuild` knows how to ask."""
    return hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")


def request_rebuild(server) -> None:
    """Ask the server for a rebuild as MkDocs' own watcher does (LiveReloadServer has no public
    call for it)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class _Rebuild(FileSystemEventHandler):
    """Asks for a rebuild on any change to a file; `ignored` event types are left alone."""

    def __init__(self, server, ignored: tuple[str, ...] = ()) -> None:
        self.server = server
        self.ignored = ignored

    def on_any_event(self, event) -> None:
        if event.is_directory or event.event_type in self.ignored:
            return
        request_rebuild(self.server)


def watch_natively(server, path: str):
    """Rebuild whenever a file under `path` changes, through the system's file events (inotify,
    FSEvents, ...). MkDocs polls every watched file twice a second, and thousands of case files
    kept an idle server busy. Returns the observer, or None when this is not possible: then the
    caller falls back to MkDocs' polling."""
    if not can_rebuild(server):
        return None
    try:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        if Observer is PollingObserver:
            return None
        observer = Observer()
        observer.daemon = True
        observer.schedule(_Rebuild(server, ignored=("opened", "closed_no_write")), path, recursive=True)
        observer.start()
        return observer
    except (ImportError, OSError) as exc:
        log.debug(f"casebook: watching {path} by polling ({exc})")
        return None


def watch_links(server, path: str):
    """Rebuild when a symbolic link is added, removed or changed under `path`; for when MkDocs
    polls the folder. Its watcher follows links, so it skips one that is broken or loops (adding
    it or removing it changes nothing it sees) and mistakes a new link for the file it points
    to; this looks at the links themselves. Returns the observer, or None."""
    if not can_rebuild(server):
        return None
    observer = PollingObserverVFS(os.lstat, os.scandir, polling_interval=0.5)
    observer.schedule(_Rebuild(server), path, recursive=True)
    observer.start()
    return observer


def watch_cases(server, path: str) -> list:
    """Watch the cases folder of a `mkdocs serve`: by file events, or else by MkDocs' polling
    and a watcher of its links. Returns the observers to stop when the server stops."""
    observer = watch_natively(server, path)
    if observer is not None:
        return [observer]
    server.watch(path)
    links = watch_links(server, path)
    return [links] if links is not None else []
