"""Words that carry a value in uploads: yes/no answers (in the main European languages), churn
statuses, currencies, the names of survey types and of billing periods; and how a header is read
as words (`normalise`, `unqualified`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CAMEL = re.compile(r"([a-z])([A-Z])")
_NOT_WORD = re.compile(r"[\W_]+")  # letters of every script are words ('Opłata miesięczna', 'Код клиента', '解約日')


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """'Customer_ID ' -> 'customer id'; 'customerID' -> 'customer id'; 'reviews.rating' -> 'reviews rating'."""
    lowered = _CAMEL.sub(r"\1 \2", text).lower().replace("\u0307", "")  # Turkish 'İ' lowers to i + a dot
    return " ".join(_NOT_WORD.sub(" ", lowered).split())


# Words joining a Romance-language name ('data de adesão', 'fecha de alta'), left out when it is
# written as one identifier ('data_adesao', 'fecha_alta').
_JOINING = frozenset({"de", "da", "do", "das", "dos", "del", "di", "du", "des", "la", "le", "el"})


def squeezed(name: str) -> str:
    """A normalised name as one word, without its accents and joining words: 'data de adesão' and
    'data_adesao' both 'dataadesao'."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return "".join(word for word in plain.split() if word not in _JOINING)


def unqualified(name: str) -> str:
    """A header without the object or table it names ('Subscription.Status' → 'Status',
    'Organization - Name' → 'Name')."""
    if "." in name.strip("."):
        return name.rsplit(".", 1)[-1]
    return name.rsplit(" - ", 1)[-1] if " - " in name.strip() else name


def qualified(name: str) -> str | None:
    """A table-qualified header read as words, its table named in the singular ('customers.id' →
    'customer id'), or None when the header names no table."""
    if "." not in name.strip("."):
        return None
    table, field = name.rsplit(".", 1)
    table = table.rsplit(".", 1)[-1]
    return f"{table[:-1] if table.lower().endswith('s') else table} {field}"


# '1.0' and '0.0': a 0/1 column written as floats, as pandas writes one with an empty cell.
YES = ("yes", "y", "true", "t", "1", "1.0", "sim", "s", "sí", "si", "oui", "ja", "j", "sì", "vero", "verdadero",
       "verdadeiro", "vrai", "wahr", "x", "kyllä", "tak", "ano", "igen", "evet", "はい", "済")
NO = ("no", "n", "false", "f", "0", "0.0", "não", "nao", "non", "nein", "nee", "falso", "faux", "falsch",
      "nej", "nei", "ei", "nie", "ne", "nem", "hayır", "いいえ")  # Nordic, Finnish, Polish, Czech, Hungarian…
CHURNED = ("churned", "exited", "cancelled", "canceled", "lost", "inactive", "closed", "left", "former customer",
           "churned customer", "ex-customer", "lost customer",
           "terminated", "former", "expired", "ended", "cancelado", "cancelada", "inativo", "inactivo",
           "dado de baja", "baja", "résilié", "résiliée", "annulé", "gekündigt", "beendet", "inaktiv",
           "disdetto", "cessato", "opgezegd", "beëindigd", "uppsagd", "avslutad", "opsagt", "irtisanottu",
           "incomplete_expired", "trial_ended", "storniert", "gekuendigt", "annulliert", "wc-cancelled", "wc-expired",
           "ушел", "ушёл", "отток", "расторгнут", "отключен", "неактивен", "zrezygnował", "rezygnacja",
           "odszedł", "nieaktywny", "anulowany", "iptal", "iptal edildi", "i̇ptal", "i̇ptal edildi", "ayrıldı",
           "pasif", "解約", "解約済み", "退会",
           "attrited customer", "attrited", "lapsed", "surrendered", "cancelled policy", "not renewed",
           "membership cancelled", "member cancelled",  # a bank's attrition flag, an insurer's, a gym's
           "deleted", "deactivated",  # a subscription as Paddle Classic and FastSpring end it
           "流失", "已流失", "已取消")
# A recommendation given instead of stars (a social network's reviews: 'Recommended').
RECOMMENDS = ("recommended", "recommends", "recommend", "would recommend", "positive")
NOT_RECOMMENDS = ("not recommended", "doesn't recommend", "doesn’t recommend", "does not recommend",
                  "not recommend", "would not recommend", "wouldn't recommend", "negative")
THUMB_DOWN = ("-1",)  # beside 1 for a thumb up (Steam's review_score): read only as a recommendation


def says_yes_or_no(values: list[str]) -> bool:
    """Cells that answer yes or no (a recommendation given in words among them), and nothing else."""
    words = {v.strip().lower() for v in values if v.strip()}
    return bool(words) and words <= set(YES + NO + RECOMMENDS + NOT_RECOMMENDS)


# Still a customer: billing tools' states of a subscription that has not ended (a trial, a payment
# late or retried, a pause, one set to end at its term) are not churn.
STAYED = ("active", "stayed", "joined", "retained", "current", "open", "live", "customer", "ativo",
          "activo", "vigente", "actif", "aktiv", "attivo", "actief", "aktiivinen", "trialing", "in_trial",
          "trial", "past_due", "unpaid", "paused", "non_renewing", "future", "incomplete", "pending",
          "soft_failure", "on_hold", "assessing",  # Maxio's: a payment retried, a hold, a renewal being assessed
          "suspended",  # Zuora's: billing suspended, the subscription not ended
          "past due", "in trial", "free trial", "free_trial", "on hold",  # as tools' screens export them
          "on_trial", "on trial",  # Lemon Squeezy's
          "non renewing", "non-renewing", "dunning", "in dunning",  # Zoho's: set to end at its term, a retry
          "wc-active", "wc-on-hold", "wc-pending", "wc-pending-cancel",  # WooCommerce's
          "inadimplente", "suspenso", "moroso", "suspendido", "sospeso", "in sospeso",  # late, suspended: customers
          "zawieszony", "in prova", "prova", "frozen",
          "existing customer", "in force", "inforce", "reinstated", "grace period", "pending cancellation",
          "cancellation pending", "pending cancel", "scheduled for cancellation",  # paid up until then "pausiert", "en pausa", "en pause", "em pausa",
          "активен", "активный", "действующий", "aktywny", "aktif", "契約中", "有効", "活跃", "正常")
# Not a customer yet: a CRM's or billing tool's lead or prospect (ChartMogul's 'Lead'), left out
NOT_CUSTOMERS = ("lead", "prospect", "opportunity", "potential", "qualified", "unqualified", "bad fit", "interested",
                 "not interested", "contacted", "new lead", "mql", "sql")  # a CRM's stages before a sale
# Of those, a subscription not paying now: a trial, one that starts later, or one paused (a gym's frozen
# membership, Maxio's on_hold; WooCommerce's wc-on-hold awaits a payment, as past_due does): MRR leaves
# them out until they pay
NOT_PAYING_YET = ("trialing", "in_trial", "trial", "in trial", "free trial", "free_trial", "future", "on_trial",
                  "on trial", "in prova", "prova", "paused", "on_hold", "on hold", "frozen",
                  "pausiert", "en pausa", "en pause", "em pausa")
TRUE_WORDS = frozenset(YES + CHURNED)
# A subscription's state as billing tools export it: a status, never a region, segment or plan
STATUSES = frozenset(CHURNED + STAYED)
FALSE_WORDS = frozenset(NO + STAYED)

# A yes/no column named for staying ('Active', 'Is Active', 'Retained', 'Aktiv'): its yes is a
# customer who stayed, so as "Churned?" it reads the other way round.
_STAYING = re.compile(r"^(?:is |still |currently |has (?:an? )?)?(?:active|live|paying|retained|current|subscribed|"
                      r"renewed|aktiv|ativo|activo|actif|attivo|actief|aktiivinen)"
                      r"(?: customer| account| client| subscriptions?| flag)?$")


# A subscription's end ('Ends at', 'expires_at'): a customer cancelled at the period's end leaves then
ENDS = re.compile(r"\b(?:ends?|ended|expires?|expired|expiry|expiration)\b")
# A header naming some event's date ('Feedback Date', 'Order Date', 'Fecha', 'Submission time')
DATED = re.compile(r"\s(?:date|datum|fecha|data|time|timestamp)$")


# The first cell of a report's summary line ('Total', 'Average', 'Summe'): no row of data
SUMMARY_WORDS = ("total", "totals", "grand total", "sum", "subtotal", "sub-total", "count", "average", "avg",
                 "mean", "summary", "total general", "total geral", "gesamt", "summe", "gesamtsumme",
                 "totaal", "totale", "somme", "totalt", "summa", "yhteensä",
                 # a survey tool's statistics under its answers, in the languages its reports are written in
                 "median", "std deviation", "standard deviation", "variance", "durchschnitt", "mittelwert",
                 "anzahl", "moyenne", "médiane", "ecart type", "écart type", "promedio", "mediana",
                 "desviación estándar", "média", "contagem", "gemiddelde", "mediaan", "aantal", "medelvärde",
                 "genomsnitt", "antal", "gennemsnit", "gjennomsnitt", "keskiarvo", "mediaani", "średnia", "suma")


def says_summary(cell: str) -> bool:
    return cell.strip().rstrip(":").strip().lower() in SUMMARY_WORDS


def says_staying(name: str) -> bool:
    return bool(_STAYING.match(normalise(unqualified(name))))


# A header naming a count or a length (a ticket's replies, a stay's nights, a person's age): its
# whole numbers are never a survey's answers, whatever range they fall in
COUNTS = re.compile(r"\b(?:count|number|number of|messages|replies|reopens|attempts|seconds|minutes|hours|days|"
                    r"duration|quantity|qty|seats|nights|guests|adults|children|rooms|visits|stays|items|orders|"
                    r"age|tenure|years|months|weeks|votes|helpful|likes)\b")

# What exports write in a cell that holds nothing ('N/A' for an active customer's churn date, '-'
# for a missing amount): an empty date, number or score, never a problem.
EMPTY_WORDS = frozenset({"n/a", "na", "#n/a", "-", "--", "—", "–", "null", "none", "nan", "nat", "nil",
                         "(blank)", "(empty)", "not applicable",
                         # an anonymous answer's name or address, as forms write it
                         "anonymous", "anonym", "anonyme", "anónimo", "anonimo", "anônimo", "anoniem"})

# A scrape's or export's words for a cell it had nothing for ('No Rating Found', 'No Review Text',
# 'Not rated yet'): about the data, never the experience ('No problems', 'not good', 'No response'
# from support, a respondent's 'No answer' are words said); or a platform's label standing in for
# the text, in title case (Steam's 'Early Access Review', 'Verified Purchase Review'), which
# nobody writes as their review ('Great review!', 'honest review' are words said)
PLACEHOLDER_SQL = (r"(?i)(?:(?:no|not)\s+(?:[a-z]+\s+){0,2}?(?:review|text|rating|score|comment|feedback|image|rated)s?"
                   r"(?:\s+(?:found|available|provided|given|text|yet))?\.?|(?-i:(?:[A-Z][a-z]+ ){1,2}Review))")
PLACEHOLDER = re.compile(PLACEHOLDER_SQL)

# What a text box holds when nothing was said in it: an empty word, or a platform's placeholder
# (Booking.com's 'There are no comments available for this review', 'No Negative').
NO_COMMENT = EMPTY_WORDS | frozenset({
    "no comment", "no comments", "nothing", "nothing.", "no negative", "no positive", ".", "..", "...", "?",
    "there are no comments available for this review", "keine angabe", "sin comentarios", "sans commentaire",
    "sem comentários", "geen opmerkingen", "(no comment)", "(none)", "no comment provided"})

SURVEY_WORDS = {"nps": "nps", "net promoter": "nps", "net promoter score": "nps", "csat": "csat",
                "satisfaction": "csat", "ces": "ces", "effort": "ces", "customer effort": "ces",
                "rating": "rating", "review": "rating", "stars": "rating", "star": "rating", "star rating": "rating"}
# A survey type may name its scale's top first: '5STAR', '5-star', '10 point NPS'
SURVEY_TOP_SQL = "^[0-9]+[ -]*(point )?"
_SURVEY_TOP = re.compile(SURVEY_TOP_SQL)


def survey_word(value: str) -> str | None:
    """The survey type a cell names ('Net Promoter' → nps, '5STAR' → rating), else None."""
    return SURVEY_WORDS.get(_SURVEY_TOP.sub("", value.strip().lower()))

# Currencies as exports write them beside an amount or in a column of their own
CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL",
                  "MXN", "ARS", "CLP", "COP", "INR", "CNY", "HKD", "SGD", "KRW", "ZAR", "TRY", "ILS", "AED", "SAR", "RUB")

# A billing period, as billing exports name it (Stripe 'month'/'year', Chargebee 'Monthly'), and
# the months it spans: an amount per period divided by them is the monthly revenue.
PERIOD_MONTHS = {
    **dict.fromkeys(("month", "monthly", "months", "mo", "mensal", "mensual", "mes", "meses", "mensuel", "mois",
                     "monat", "monatlich", "mensile", "mese", "maand", "maandelijks"), 1.0),
    **dict.fromkeys(("year", "yearly", "annual", "annually", "years", "yr", "anual", "ano", "año", "anuel",
                     "annuel", "an", "jahr", "jährlich", "jaehrlich", "annuale", "anno", "jaar", "jaarlijks"), 12.0),
    **dict.fromkeys(("quarter", "quarterly", "trimestral", "trimestre", "trimestriel", "quartal",
                     "quartalsweise", "trimestrale", "kwartaal"), 3.0),
    **dict.fromkeys(("semiannual", "semi-annual", "half-year", "half year", "semestral", "semestre",
                     "halbjährlich"), 6.0),
    **dict.fromkeys(("week", "weekly", "weeks", "semanal", "semana", "hebdomadaire", "semaine", "woche",
                     "wöchentlich", "settimanale", "wekelijks"), 12 / 52),
    **dict.fromkeys(("day", "daily", "days", "diário", "diario", "quotidien", "jour", "täglich", "tag"), 12 / 365),
}
