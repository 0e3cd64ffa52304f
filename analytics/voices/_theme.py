"""A theme: a name plus the keywords and rules that decide which voices carry it; and the curated
B2B SaaS taxonomy used until the analyst saves one.

- keyword: a word or phrase, matched case-insensitively on word boundaries; the words of a phrase
  may be separated by any spaces or a hyphen; the last word also matches its plural ("invoice"
  matches "invoices"); a trailing `*` matches any ending ("refund*": refunds, refunded).
- rule: a phrase like a keyword, or a regular expression written `re:<pattern>` (case-insensitive).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy. `keywords` and `rules` decide the tags (see the module
    docstring); `examples` are quotes shown to the analyst, not used for tagging."""

    theme_id: str
    name: str
    keywords: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in ("keywords", "rules", "examples"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))
        if not self.theme_id or not self.name.strip():
            raise ValueError("a theme needs an id and a name")


def _theme(name: str, keywords: str, rules: tuple[str, ...] = ()) -> Theme:
    return Theme(slug(name), name, tuple(k.strip() for k in keywords.split(",") if k.strip()), rules)


def slug(name: str) -> str:
    """A theme id from a name: "Billing & invoices" → "billing-invoices"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "theme"


# A curated taxonomy for B2B SaaS customer experience, used until the analyst saves one.
DEFAULT_TAXONOMY: tuple[Theme, ...] = (
    _theme("Onboarding & setup",
           "onboarding, onboard*, setup, set up, setting up, getting started, implementation, kickoff, "
           "kick-off, go live, went live, were live, import, imports, importing, importer, import wizard, "
           "migration, migrate*, invite*, first 90 days, walked us through, documentation, docs, "
           "tutorial*, map our fields, mapping fields, set up properly, fully set up"),
    _theme("Billing & invoices",
           "billing, billed, bill, invoice*, charged, charge*, double charge*, refund*, receipt*, "
           "payment*, credit card, proration, prorated, PO number*, purchase order*, auto-renew*, "
           "autorenew*, credit the difference, overcharged, seats"),
    _theme("Pricing & value",
           "price*, pricing, priced, expensive, overpriced, pricey, cost, costs, cheaper, cheap, "
           "affordable, afford, value for money, good value, worth the price, worth the money, "
           "worth it, not worth, paid for itself, price increase, per-seat, per seat, add-on*, "
           "discount*, justify the cost, too much money, half the price, smaller plan, downgrade*",
           rules=(r"re:\b\d+ ?% (?:price )?increase",)),
    _theme("Support responsiveness",
           "support, customer service, helpdesk, help desk, ticket*, agent*, response time*, "
           "respond*, reply, replies, replied, no reply, waited, waiting, wait time, escalat*, "
           "follow up, follows up, followed up, P1, fixed our issue, answers within"),
    _theme("Reliability & performance",
           "outage*, downtime, uptime, went down, is down, was down, crash*, slow, slowly, slowness, "
           "lag, laggy, loading, to load, time out, times out, timing out, timed out, timeout*, "
           "error*, bug*, buggy, glitch*, unstable, stable, status page, performance, rock solid, "
           "reliab*, logs us out, logged out, dropped data, data loss, lost data, sync stopped, "
           "stopped working, nothing has synced, spinning, it just works, fast even"),
    _theme("Missing features",
           "feature*, roadmap, feature request*, would love, wish, lacks, lacking, dashboard*, "
           "custom field*, custom report*, custom reporting, scheduled export*, scheduled report*, "
           "export*, bulk edit, mobile app, API, rate limit*, API limit*, filter by, filtered by, "
           "dashboards can't"),
    _theme("Ease of use",
           "easy to use, ease of use, intuitive, user-friendly, user friendly, interface, UI, UX, "
           "clunky, confusing, confused, complicated, hard to use, hard to learn, learning curve, "
           "cluttered, too many clicks, clicks, navigation, can't find, buried, simple to use, "
           "picked it up, training, usable, where you'd expect, love the dashboards, find where"),
    _theme("Integrations",
           "integration*, integrate*, sync, syncs, syncing, connector*, connection, connected, "
           "reconnect*, plugs into, plug into, Zapier, webhook*, native"),
    _theme("Security & compliance",
           "security, secure, SSO, SAML, SCIM, Okta, permission*, audit log*, compliance, "
           "GDPR, SOC 2, data residency, 2FA, MFA, two-factor, encryption, privacy, access control, "
           "offboarding, provisioning, auditors, questionnaire"),
    _theme("Account management",
           "account manager*, account management, CSM, customer success, success manager, QBR*, "
           "quarterly review*, checked in, check in, account team, point of contact, champion, "
           "neglected, nobody from your side, relationship, renewal quote"),
)


def unique_id(theme_id: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, number = theme_id, 2
    while candidate in taken:
        candidate, number = f"{theme_id}-{number}", number + 1
    return candidate


