"""State codes: ISO 3166-1 alpha-3 from pycountry, plus one documented code for the EU."""

from __future__ import annotations

from functools import cache

import pycountry

#: The European Union is no state and has no ISO 3166-1 alpha-3 code; the data uses this one.
EU_CODE = "EUU"
EU_NAME = "European Union"

RUSSIA = "RUS"


@cache
def known_codes() -> frozenset[str]:
    """Every code the data may use: all ISO 3166-1 alpha-3 codes and ``EU_CODE``."""
    return frozenset({c.alpha_3 for c in pycountry.countries} | {EU_CODE})


def is_known_code(code: str) -> bool:
    """True if ``code`` is an ISO 3166-1 alpha-3 code (upper case) or ``EU_CODE``."""
    return code in known_codes()


@cache
def state_name(code: str) -> str:
    """Short English name of a state: pycountry's ``common_name`` if it has one, else ``name``.

    ``EU_CODE`` gives ``EU_NAME``. Raises ``KeyError`` for an unknown code.
    """
    if code == EU_CODE:
        return EU_NAME
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(f"unknown state code {code!r}")
    return getattr(country, "common_name", None) or country.name


@cache
def known_languages() -> frozenset[str]:
    """ISO 639-1 two-letter language codes known to pycountry."""
    return frozenset(
        lang.alpha_2 for lang in pycountry.languages if getattr(lang, "alpha_2", None)
    )
