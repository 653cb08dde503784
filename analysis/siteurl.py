"""The address a report is published at (``python -m analysis report --site-url URL``), read
strictly: it becomes part of every ClaimReview's ``url``, which fact-check indexes follow."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from analysis.textrules import URL_FORBIDDEN


def parse_site_url(text: str) -> str:
    """The address the report is published at, as given to ``report --site-url``, returned
    with one final ``/`` so that a page name can follow it.

    Accepted exactly: ``https://`` and an ASCII host (an international one in its punycode
    form), an optional port and path; nothing else. Refused (``ValueError`` with the reason):
    another scheme, a user name or password, a query or fragment, white space, quotes or
    angle brackets, a host outside ASCII or not a DNS name, a port that is not a number.
    """
    # The characters no URL of the tables may hold either (textrules.URL_FORBIDDEN), plus
    # white space and a backslash.
    if (
        not text.isascii()
        or URL_FORBIDDEN.search(text)
        or any(c.isspace() or c == "\\" for c in text)
    ):
        raise ValueError(f"{text!r}: a site URL is ASCII with no spaces, quotes or brackets")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    if parts.scheme != "https":
        raise ValueError(f"{text!r}: a site URL starts with https://")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{text!r}: a site URL holds no user name or password")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(f"{text!r}: a site URL has no query or fragment")
    if parts.netloc.endswith(":"):
        raise ValueError(f"{text!r}: a ':' with no port after it")
    host = parts.hostname or ""
    if not _DNS_NAME.fullmatch(host):
        raise ValueError(f"{text!r}: {host!r} is not a host name")
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"https://{netloc}{path}"


#: A DNS name: labels of letters, digits and inner hyphens, at least two of them.
_DNS_NAME = re.compile(r"(?i)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")
