"""Words that carry a value in uploads: yes/no answers (in the main European languages), churn
statuses, and the names of survey types."""

from __future__ import annotations

YES = ("yes", "y", "true", "t", "1", "sim", "s", "sí", "si", "oui", "ja", "j", "sì", "vero", "verdadero",
       "verdadeiro", "vrai", "wahr", "x")
NO = ("no", "n", "false", "f", "0", "não", "nao", "non", "nein", "nee", "falso", "faux", "falsch")
CHURNED = ("churned", "exited", "cancelled", "canceled", "lost", "inactive", "closed", "left",
           "terminated", "former", "cancelado", "cancelada", "résilié", "gekündigt")
STAYED = ("active", "stayed", "joined", "retained", "current", "open", "live", "customer", "ativo",
          "activo", "actif", "aktiv", "attivo")
TRUE_WORDS = frozenset(YES + CHURNED)
FALSE_WORDS = frozenset(NO + STAYED)

SURVEY_WORDS = {"nps": "nps", "net promoter": "nps", "net promoter score": "nps", "csat": "csat",
                "satisfaction": "csat", "ces": "ces", "effort": "ces", "customer effort": "ces",
                "rating": "rating", "review": "rating", "stars": "rating"}
