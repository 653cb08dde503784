"""``report --site-url``: the address is read strictly, and it makes each ClaimReview's url
absolute."""

from __future__ import annotations

import pytest

from analysis import load_dataset, stamp
from analysis.__main__ import ExitCode, main
from analysis.claims import scorecard, verdict_table
from analysis.loaders import PROJECT_ROOT
from analysis.report import claim_reviews
from analysis.siteurl import parse_site_url


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("https://factcheck.example.org", "https://factcheck.example.org/"),
        ("https://factcheck.example.org/", "https://factcheck.example.org/"),
        ("https://Example.ORG/Expulsions", "https://example.org/Expulsions/"),
        ("https://example.org:8443/a/b/", "https://example.org:8443/a/b/"),
        ("https://xn--80ak6aa92e.com/", "https://xn--80ak6aa92e.com/"),
    ],
)
def test_a_site_url_is_read_with_one_final_slash(given: str, read: str) -> None:
    assert parse_site_url(given) == read


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("http://example.org/", "starts with https://"),
        ("example.org", "starts with https://"),
        ("", "starts with https://"),
        ("https://user:pw@example.org/", "no user name"),
        ("https://example.org/?a=1", "no query or fragment"),
        ("https://example.org/#top", "no query or fragment"),
        ("https://example.org/?", "no query or fragment"),
        ("https://example.org/a b", "no spaces"),
        ('https://example.org/"x', "no spaces, quotes"),
        ("https://example.org/<x>", "brackets"),
        ("https://пример.рф/", "ASCII"),
        ("https://localhost/", "is not a host name"),
        ("https://exa_mple.org/", "is not a host name"),
        ("https://-example.org/", "is not a host name"),
        ("https:///path", "is not a host name"),
        ("https://example.org:/", "no port after it"),
        ("https://example.org:port/", "Port could not be cast"),
        ("https://example.org:99999/", "out of range"),
    ],
)
def test_a_site_url_that_is_not_exactly_valid_is_refused(given: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_site_url(given)


def test_claimreview_urls_are_absolute_under_the_site_url() -> None:
    data = load_dataset()
    verdicts = verdict_table(data)
    card = scorecard(data, readings=verdicts)
    built = stamp.stamp(PROJECT_ROOT / "data", PROJECT_ROOT)
    site = parse_site_url("https://factcheck.example.org/expulsions")
    absolute = claim_reviews(card, verdicts, built, site)
    relative = claim_reviews(card, verdicts, built)
    assert [r["url"] for r in absolute] == [
        f"https://factcheck.example.org/expulsions/index.html#claim-{claim}"
        for claim in card["claim_id"]
    ]
    assert [r["url"] for r in relative] == [
        f"index.html#claim-{claim}" for claim in card["claim_id"]
    ]


def test_a_bad_site_url_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", "--site-url", "http://example.org/"])
    assert caught.value.code == ExitCode.USAGE == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        "python -m analysis report: error: argument --site-url: 'http://example.org/': "
        "a site URL starts with https://"
    )
