"""Store locations as people may see them: the one place a password is taken out.

A PostgreSQL URL can carry a password in three ways: `user:password@` (possibly holding an
unencoded `@` or `/`), a query option such as `?password=...`, or the PGPASSWORD variable
libpq reads. Every message, summary and log line that names a store goes through `shown`
or `scrub`; the app goes further and names no store at all (`hidden`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

MASK = "***"
SHARED_DATABASE = "the shared database"
# Query options whose value is a secret (libpq's password and sslpassword, and any
# option a proxy or driver adds under a similar name).
SECRET_OPTION = re.compile(r"pass|secret|token|key", re.IGNORECASE)
# A store URL inside free text: up to the next space or quote.
URL_IN_TEXT = re.compile(r"postgres(?:ql)?://[^\s'\"<>]*", re.IGNORECASE)
TRAILING = ".,;:)]}"
# Secrets shorter than this are not searched for in free text (a one-letter password
# would blank every word holding that letter; it is masked inside its URL all the same).
MIN_SECRET = 3


def is_url(location) -> bool:
    return str(location).lower().startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL with its password and secret options masked; the user, host and database
    stay, so an operator can tell which store is meant."""
    url = str(url)
    scheme, _, rest = url.partition("://")
    # The query starts at the first '?'; the credentials end at the last '@' before it,
    # so a password holding '@' or '/' is masked whole.
    head, mark, query = rest.partition("?")
    if "@" in head:
        userinfo, host = head.rsplit("@", 1)
        user, colon, _ = userinfo.partition(":")
        head = f"{user}:{MASK}@{host}" if colon else f"{user}@{host}"
    if mark:
        query = "&".join(_masked_option(option) for option in query.split("&"))
    return f"{scheme}://{head}{mark}{query}"


def _masked_option(option: str) -> str:
    name, eq, _ = option.partition("=")
    return f"{name}={MASK}" if eq and SECRET_OPTION.search(unquote(name)) else option


def secrets(url: str | None = None) -> list[str]:
    """The secrets a URL (and the environment) holds, as written and percent-decoded."""
    found = [os.environ.get("PGPASSWORD") or ""]
    if url and is_url(url):
        rest = str(url).partition("://")[2]
        head, _, query = rest.partition("?")
        if "@" in head:
            found.append(head.rsplit("@", 1)[0].partition(":")[2])
        for option in query.split("&"):
            name, eq, value = option.partition("=")
            if eq and SECRET_OPTION.search(unquote(name)):
                found.append(value)
    out: list[str] = []
    for secret in found:
        for form in (secret, unquote(secret)):
            if len(form) >= MIN_SECRET and form not in out:
                out.append(form)
    return sorted(out, key=len, reverse=True)


def scrub(text: str, *locations) -> str:
    """Free text (an error, a summary) with every store URL in it redacted, and the
    passwords of `locations` and PGPASSWORD masked wherever else they appear."""
    text = URL_IN_TEXT.sub(lambda m: _redacted_match(m.group(0)), str(text))
    for location in locations:
        for secret in secrets(str(location) if location is not None else None):
            text = text.replace(secret, MASK)
    if not locations:
        for secret in secrets():
            text = text.replace(secret, MASK)
    return text


def _redacted_match(found: str) -> str:
    core = found.rstrip(TRAILING)
    return redacted(core) + found[len(core) :]


def shown(location) -> str:
    """A store's location for the command line and logs: a folder with its slash, a URL
    redacted."""
    return redacted(str(location)) if is_url(location) else f"{Path(location)}/"


def hidden(text: str, *locations) -> str:
    """Free text for an app user, who is never shown a store URL, even masked: each one
    becomes "the shared database" (the operator reads it in the server log)."""
    return scrub(URL_IN_TEXT.sub(_shared, str(text)), *locations)


def _shared(match: re.Match) -> str:
    found = match.group(0)
    core = found.rstrip(TRAILING)
    return SHARED_DATABASE + found[len(core) :]
