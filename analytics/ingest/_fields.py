"""The canonical fields of each kind of file, declared as data, and a file's Mapping onto them.

A kind is what a file holds: customers, survey responses (survey tools, review sites, app
stores), support tickets (helpdesks, complaint registers) or monthly revenue. Each field has a
type (id, email, text, comment, date, number, score, flag, kind, category), names a column may
carry (in English and the main European languages, normalised to lower-case words), phrases that
identify it inside a longer question text, and the default scale of a score. The values a column
holds decide whether it can fill a field of that type at all (see `_propose`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

KINDS = ("customers", "responses", "tickets", "revenue")
KIND_LABELS = {
    "customers": "Customers / accounts",
    "responses": "Survey responses / reviews",
    "tickets": "Support tickets / complaints",
    "revenue": "Monthly revenue",
}
SCORE_FIELDS = ("nps", "csat", "ces", "rating")  # each becomes one response row of its kind


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str  # id | email | name | text | comment | date | number | score | flag | kind | category
    synonyms: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # phrases that identify the field inside a longer question text
    scale: tuple[int, int] | None = None  # default scale of a score


@dataclass(frozen=True)
class KindSpec:
    kind: str
    fields: tuple[Field, ...]
    required: tuple[tuple[str, ...], ...]  # each inner tuple: at least one of these fields

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


_CUSTOMER_ID = Field(
    "customer_id", "Customer ID", "id",
    ("customer id", "customerid", "account id", "accountid", "account code", "client id", "cust id", "customer number",
     "account number", "user id", "userid", "externalreference", "external reference",
     "externaldatareference", "company id", "member id", "subscriber id", "id cliente", "cliente id",
     "codigo cliente", "código cliente", "num client", "numero client", "kundennummer", "kunden id",
     "klantnummer", "customer", "client number", "client no", "customer no", "account no", "client code",
     "kundennr", "numéro client", "numero cliente", "kunde", "cliente", "client", "klant", "kund",
     "organization id", "organisation id", "org id", "customer uuid", "customer external id",
     "reviewer id", "reviewerid", "author id", "authorid",
     # Russian, Polish, Turkish, Japanese, Chinese
     "код клиента", "id клиента", "номер клиента", "numer klienta", "nr klienta", "id klienta", "kod klienta", "müşteri no",
     "müşteri id", "müşteri numarası", "müşteri kodu", "顧客id", "顧客番号", "顧客コード", "会員番号",
     "客户id", "客户编号"),
    contains=("customer id", "account id", "client id"))
_EMAIL = Field(
    "email", "Email", "email",
    ("email", "e mail", "e post", "epost", "e mailadres", "sähköposti", "email address", "customer email",
     "contact email", "recipientemail",
     "recipient email", "emailaddress", "user email", "correo", "correo electronico", "courriel",
     "adresse email", "mail", "электронная почта", "адрес электронной почты", "adres e mail", "e posta",
     "メールアドレス", "电子邮件", "邮箱"))
_NAME = Field(
    "name", "Name", "name",
    ("name", "customer name", "account name", "company", "company name", "full name", "client name",
     "surname", "username", "user name", "reviewer", "reviewer name", "author", "nome", "nombre", "klient",
     "nom", "kundenname", "firma", "firmenname", "unternehmen", "raison sociale", "société", "empresa",
     "razón social", "razão social", "ragione sociale", "bedrijfsnaam", "företag", "företagsnamn",
     "наименование", "название", "компания", "nazwa", "nazwa firmy", "müşteri adı", "firma adı", "ünvan",
     "顧客名", "会社名", "氏名", "客户名称", "公司名称"))
_DATE_WORDS = ("date", "timestamp", "submitted", "submitted at", "created", "created at", "time",
               "datetime", "at", "data", "fecha", "datum", "horodatage", "received", "date received",
               "review date", "posted", "posted at", "published", "reviewed at")

SPECS = {
    "customers": KindSpec("customers", (
        _CUSTOMER_ID, _NAME, _EMAIL,
        Field("segment", "Segment", "category",
              ("segment", "customer segment", "company size", "size", "tier", "customer tier",
               "customer type", "type de client", "segmento", "kundensegment")),
        Field("plan", "Plan", "category",
              ("plan", "subscription", "plan name", "package", "edition", "product", "contract",
               "subscription plan", "tariff plan", "tariff", "plano", "contrato", "tarif", "vertrag", "тариф",
               "pakiet", "paket", "tarife", "piano", "プラン", "套餐", "offre", "formule", "abonnement",
               "membership type", "membership", "contract type", "policy type", "card category", "契約種別",
               "tipo contratto", "tipo de contrato", "rodzaj umowy", "vertragsart",
               "type de contrat", "contracttype")),
        Field("region", "Region", "category",
              ("region", "geography", "country", "market", "territory", "state", "país", "pais",
               "pays", "land", "regiao", "región", "région", "regione", "województwo", "provincia", "bundesland",
               "都道府県", "provincie", "provinz")),
        Field("signup_date", "Signup date", "date",
              ("signup date", "sign up date", "created at", "start date", "customer since", "join date",
               "date de souscription", "date d'abonnement", "customer date", "dt customer", "became a customer date",
               "signed", "signed on", "signed date", "data attivazione", "data di attivazione", "data inizio",
               "original contract date", "contract start date", "first contract date", "contract start", "joined",
               "acquisition date", "signup", "created", "date joined", "subscription date", "vertragsbeginn",
               "kunde seit", "anmeldedatum", "data de cadastro", "data de adesão", "cliente desde", "cliente dal",
               "member since", "membership start", "inception date", "policy start date", "fecha de alta",
               "fecha de registro", "date d'inscription", "client depuis", "date d'adhésion", "data di iscrizione",
               "klant sinds", "startdatum", "registreringsdatum", "kund sedan", "oprettet", "opprettet",
               "oprettelsesdato", "kunde siden", "create date", "created date", "creation date", "date created",
               "organization created", "company created", "created on", "date registered", "registered",
               "registration date", "registration", "registration time", "erstellt am", "erstellt", "angelegt am",
               "créé le", "date de création", "creado el", "fecha de creación", "criado em", "data de criação",
               "дата регистрации", "дата подключения", "дата начала", "data rejestracji", "data rozpoczęcia",
               "klient od", "kayıt tarihi", "başlangıç tarihi", "契約開始日", "登録日", "入会日", "注册日期")),
        Field("mrr", "MRR (monthly revenue)", "number",
              ("mrr", "monthly charges", "monthly charge", "monthly revenue", "monthly recurring revenue",
               "arr", "annual recurring revenue", "acv", "annual contract value", "contract value", "annual premium",
               "annual contract", "yearly contract value",
               "monthly fee", "revenue", "charge amount", "monthly amount", "mensalidade", "valor mensal",
               "monatsbeitrag", "monatlicher beitrag", "monatlicher betrag", "monatsbetrag", "monatsumsatz",
               "monatliche gebühr", "cuota mensual", "importo mensile", "maandelijks bedrag", "månadsavgift",
               "månadskostnad", "månedsavgift", "månedlig pris", "kuukausimaksu",
               "importe mensual", "mensualidad", "mensualité", "montant mensuel", "canone mensile",
               "maandbedrag", "monthly price", "price per month", "monthly cost", "monthly subscription",
               "umsatz pro monat", "monatlicher umsatz", "monatsumsatz", "monatspreis", "prix mensuel", "precio mensual", "preço mensal",
               "ежемесячный платеж", "ежемесячный платёж", "абонентская плата", "opłata miesięczna",
               "kwota miesięczna", "abonament", "aylık ücret", "aylık tutar", "月額料金", "月額", "月费")),
        Field("churned", "Churned?", "flag",
              ("churn", "churned", "churn label", "churn value", "exited", "customer status", "status",
               "is churned", "churn flag", "cancelled", "canceled", "attrition", "attrited", "left",
               "abandono", "cancelado", "résilié", "gekündigt", "opgezegd", "uppsagd", "opsagt", "oppsagt",
               "irtisanottu", "dado de baja", "baja", "state", "subscription state", "status label", "lead status",
               "account status", "subscription status", "membership status", "member status", "policy status",
               "contract status", "cancellation status", "attrition flag", "disdetta", "disdettato", "rezygnacja",
               "解約", "解約済み", "解約フラグ",
               "active", "is active", "retained", "still active", "aktiv", "ativo", "activo", "actif",  # inverted
               "has live subscription", "has active subscription", "has an active subscription", "is paying",
               "paying customer",
               "current customer", "subscribed", "statut", "kundenstatus", "statut client", "estado del cliente",
               "status do cliente", "stato cliente", "lifecycle stage", "situação", "situacao", "situação do cliente",
               "situación", "situacion", "stato", "stato abbonamento", "estado", "статус", "отток", "durum", "ステータス",
               "状態", "状态", "是否流失"),
              contains=("churn", "left the", "has left", "exited", "cancelled", "canceled")),
        Field("churn_date", "Churn date", "date",
              ("churn date", "churned at", "cancellation date", "cancel date", "cancelled at", "canceled at",
               "cancelled on", "canceled on", "cancelled date", "canceled date", "churned on", "ended at",
               "ends at", "ends on", "expires at", "expired at", "data disdetta", "data di disdetta",
               "data cessazione", "rezygnacja", "data rezygnacji",
               "end date", "termination date", "lapse date", "surrender date", "lapse surrender date",
               "membership end", "cancellation effective date",
               "exit date", "kündigungsdatum", "vertragsende", "kündigung zum", "data de cancelamento",
               "data do cancelamento", "fecha de baja", "fecha de cancelación", "date de résiliation",
               "data di disdetta", "opzegdatum", "uppsägningsdatum", "avslutsdatum", "opsigelsesdato",
               "дата ухода", "дата расторжения", "дата отказа", "дата отключения", "data rezygnacji",
               "data odejścia", "iptal tarihi", "ayrılış tarihi", "解約日", "退会日", "流失日期")),
        Field("churn_reason", "Churn reason", "comment",
              ("churn reason", "cancellation reason", "reason", "exit reason", "cancel reason",
               "reason for leaving", "churn category", "motivo", "motif", "cancellation message",
               "why they left", "why did they leave", "reason they left", "motivo disdetta", "motivo della disdetta",
               "cancellation feedback", "reden opzegging", "opzegreden", "kündigungsgrund", "motivo de baja",
               "motif de résiliation", "uppsägningsorsak", "opsigelsesårsag", "причина ухода", "причина отказа",
               "причина расторжения", "причина отключения", "powód rezygnacji", "powód odejścia", "iptal nedeni", "ayrılma nedeni",
               "解約理由", "退会理由", "流失原因")),
    ), required=(("customer_id", "email", "churned", "mrr"),)),
    "responses": KindSpec("responses", (
        Field("response_id", "Response ID", "id",
              ("response id", "responseid", "respondent id", "recordid", "record id", "survey response id",
               "review id", "reviewid", "reviews id", "id", "comment id", "feedback id", "conversation id",
               "submission id", "rating id", "unique id", "entry id", "bewertungs id", "antwort id", "id de respuesta",
               "id da resposta", "id de réponse", "id risposta")),
        _CUSTOMER_ID, _EMAIL,
        Field("responded_at", "Response date", "date", _DATE_WORDS + (
            "responded at", "response date", "recorded date", "recordeddate", "end date", "enddate",
            "completed at", "survey date", "date submitted", "reviews date", "submit date", "submitted date",
            "submission date", "completion date", "completed", "end time", "responded", "answered at",
            "answered", "completion time", "submission time", "submitted at", "ended", "ended at", "finished at",
            "date completed", "completed date", "completed on", "date finished",
            "rated at", "rated on", "date rated", "rating date",  # a rating given days after its conversation
            "survey response date", "survey response time", "survey submitted at", "survey completed at")),
        Field("nps", "NPS score (0–10)", "score",
              ("nps", "nps score", "likelihood to recommend", "ltr", "net promoter score",
               "recommend score"),
              contains=("likely are you to recommend", "likely is it that you would recommend",
                        "likely would you be to recommend", "recommend us", "nps", "net promoter",
                        "empfehlen", "recomendar", "recomiende", "recomendaría", "recomendaria",
                        "recommanderiez", "recommander", "recommandiez", "recommanderez", "raccomandare", "consiglieresti", "aanbevelen",
                        "rekommendera", "anbefale", "suosittelisit",
                        "おすすめ度", "推奨度", "薦める", "勧める", "すすめる", "推荐", "推薦", "추천"),  # ja, zh, ko
              scale=(0, 10)),
        Field("csat", "CSAT score", "score",
              ("csat", "csat score", "satisfaction", "satisfaction score", "customer satisfaction",
               "customer satisfaction rating", "satisfação", "satisfacción", "zufriedenheit", "osat",
               "overall satisfaction", "survey results", "survey result", "satisfaction rating", "soddisfazione",
               "tevredenheid", "satisfaction client", "zadowolenie", "nöjdhet", "tilfredshed", "tyytyväisyys"),
              contains=("how satisfied", "satisfaction", "satisfied", "satisfait", "satisfecho", "satisfeito",
                        "soddisfatt", "zufrieden", "tevreden", "nöjd", "tilfreds", "fornøyd", "tyytyväi",
                        "満足", "满意", "滿意", "만족"),  # ja, zh, ko: 満足度, and 満足していますか
              scale=(1, 5)),
        Field("ces", "Effort score (CES)", "score",
              ("ces", "ces score", "effort", "customer effort", "customer effort score", "effort score"),
              contains=("easy was it", "how easy", "effort", "made it easy", "easy for me", "easy to"),
              scale=(1, 7)),
        Field("rating", "Rating", "score",
              ("rating", "stars", "star rating", "review rating", "review score", "guest rating", "guest score",
               "reviewer score", "reviewer rating", "user score", "user rating", "score", "overall",
               "overall rating",
               "overall score", "reviews rating", "rate", "grade", "nota", "note", "puntuación",
               "puntuacion", "estrellas", "valoración", "bewertung", "sterne", "valutazione", "stelle",
               "gesamtbewertung", "gesamtnote", "voto complessivo", "valutazione complessiva", "nota geral",
               "valoración general", "note globale", "algemeen cijfer",
               "cijfer", "avaliação", "avaliacao"),
              contains=("rating", "rate ", "stars", "how would you rate", "on a scale"), scale=(1, 5)),
        Field("recommend", "Would recommend (yes/no)", "flag",
              ("recommend", "would recommend", "recommended", "recommended ind", "recommends", "do recommend",
               "dorecommend", "reviews dorecommend", "recommendation", "recomenda", "recomendaria", "recommande",
               "empfohlen", "consiglia", "empfehlung", "weiterempfehlung", "empfehlen", "recomendación",
               "recomendacion", "recommandation", "raccomandazione", "aanbevelen", "rekommendera"),
              contains=("recommend", "recommand", "recomend", "empfehl", "consigli", "raccomand", "aanbevel",
                        "rekommend", "anbefal", "薦め", "勧め", "すすめ", "推荐", "推薦", "추천")),
        Field("score", "Score (with a survey-type column)", "score", ("score", "value", "answer score", "answer")),
        Field("survey", "Survey type (nps / csat / ces / rating)", "kind",
              ("survey", "survey type", "kind", "metric", "question type")),
        Field("comment", "Comment", "comment",
              ("comment", "comments", "feedback", "verbatim", "review text", "review", "text",
               "open ended response", "why", "reason", "remarks", "customer remarks", "free text",
               "content", "body", "message", "verified reviews", "reviews text", "opinion",
               "negative review", "positive review",  # Booking.com's two texts: the other joins it
               "comentario", "comentário", "comentarios", "conteudo", "conteúdo", "texto",
               "commentaire", "avis", "kommentar", "rezension", "commento", "opmerking", "begründung", "grund",
               "motivo", "raison", "motivazione", "toelichting", "anmerkungen", "bemerkungen", "sugerencias"),
              contains=("why", "tell us", "comment", "free text", "what could we", "anything else",
                        "what is the primary reason", "feedback", "like best", "like least",
                        "like most", "improve", "suggestion", "reason for", "score reason", "rating reason",
                        "nps reason", "ltr reason", "osat reason", "csat reason", "pourquoi", "por qué", "warum",
                        "perché", "waarom", "dlaczego", "varför", "hvorfor", "hauptgrund", "verbessern",
                        "améliorer", "mejorar", "melhorar", "migliorare", "verbeteren",
                        "理由", "コメント", "ご意見", "ご感想", "意见", "原因", "이유", "의견")),  # ja, zh, ko
    ), required=(("nps", "csat", "ces", "rating", "recommend", "score", "comment"),)),
    "tickets": KindSpec("tickets", (
        Field("ticket_id", "Ticket ID", "id",
              ("ticket id", "ticket", "ticket number", "case", "case id", "case number", "issue key", "issue id",
               "ticket key", "request id",
               "conversation id", "complaint id", "complaint number", "incident id", "id")),
        _CUSTOMER_ID, _EMAIL,
        Field("created_at", "Creation date", "date", _DATE_WORDS + (
            "opened at", "date created", "created date", "opened", "date received", "reported at", "create date",
            "date time opened", "opened date", "creation date")),
        Field("subject", "Subject", "text",
              ("subject", "ticket subject", "title", "summary", "topic", "issue", "problem", "assunto",
               "asunto", "objet", "betreff", "short description", "ticket name", "case subject",
               "conversation subject", "conversation title", "customer complaint")),
        # what a form's menu or the agent filed the ticket under ('Billing', 'Noise - Residential'): it
        # slices the figures as a kept column does, and is never quoted as what the customer wrote
        Field("topic", "Topic", "category",
              ("topic", "category", "ticket category", "complaint type", "complaint category", "issue type",
               "complaint", "customer complaint", "issue", "problem", "issue category",
               "ticket type", "request type", "case type", "case reason", "contact reason", "type", "tema",
               "categoria", "categoría", "catégorie", "kategorie", "thema")),
        Field("body", "Description", "comment",
              ("body", "description", "ticket description", "message", "details", "text", "comment",
               "first message", "initial message", "original message", "customer message", "message body",
               "preview", "message preview", "conversation preview", "first message preview",
               "content", "narrative", "complaint", "consumer complaint narrative", "complaint text",
               "customer complaint",
               "descrição", "descripción", "beschreibung")),
        Field("satisfaction", "Ticket satisfaction", "score",
              ("satisfaction", "csat", "satisfaction rating", "customer satisfaction rating", "rating",
               "satisfaction score", "satisfação", "satisfacción", "satisfaccion", "satisfaction client",
               "zufriedenheit", "soddisfazione", "tevredenheid", "survey results", "survey result",
               "satisfaction survey", "conversation rating", "csat rating", "feedback rating"),
              contains=("satisfaction", "csat", "rating"), scale=(1, 5)),
        Field("status", "Ticket status", "category",
              ("status", "ticket status", "company response", "company response to consumer", "estado",
               "statut", "state", "case status", "incident state")),
        Field("channel", "Channel", "category",
              ("channel", "ticket channel", "source", "via", "submitted via", "received via", "canal",
               "case origin", "origin"), contains=("channel",)),
    ), required=(("subject", "body", "satisfaction", "topic"),)),  # a rated or filed ticket without words
    "revenue": KindSpec("revenue", (
        _CUSTOMER_ID,
        Field("month", "Month", "date", ("month", "period", "date", "billing month", "invoice month", "monat",
                                         "abrechnungsmonat", "mes", "mois", "mese", "maand", "månad", "mês",
                                         "period start", "invoice date", "transaction date", "payment date",
                                         # the day the money moved, not the day the payment was created
                                         "charge date", "charged at", "charged on", "paid at", "paid on",
                                         "date paid", "paid date", "collected at", "collection date")),
        Field("mrr", "MRR", "number", ("mrr", "revenue", "amount", "monthly revenue", "recurring revenue",
                                       "monthly charges", "umsatz", "betrag", "ingresos", "importe", "receita",
                                       "chiffre d'affaires", "montant", "fatturato", "importo", "omzet",
                                       "bedrag", "amount paid", "paid amount", "total paid", "net amount",
                                       "subtotal", "mrr movement", "mrr change", "net mrr movement", "netto",
                                       "line amount", "line total", "net value", "net revenue", "invoice amount",
                                       "total amount", "amount due", "total", "invoice total", "grand total",
                                       # a unit's price, times the line's quantity (_billing.quantity_column)
                                       "price", "unit price", "unitprice", "price each", "unit amount")),
    ), required=(("customer_id",), ("month",), ("mrr",))),
}


@dataclass
class Mapping:
    """Which column feeds each canonical field, how to read dates and scores, and why."""

    kind: str
    columns: dict[str, str] = field(default_factory=dict)  # field key -> column name
    date_formats: dict[str, str] = field(default_factory=dict)  # field -> strptime format or mode
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # score field -> (min, max)
    # score field -> (first day of the new scale, its min, its max): rows from that day on were
    # answered on the new scale (a survey that moved from 1–5 to 1–10 stars)
    scale_changes: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    remembered: bool = False  # True when taken from an earlier confirmed mapping
    reasons: dict[str, str] = field(default_factory=dict)  # field -> why this column
    warnings: list[str] = field(default_factory=list)  # what the user should check before importing
    # score field -> the column giving each row's top of the scale (5, 7 or 10): answers on mixed scales
    scale_columns: dict[str, str] = field(default_factory=dict)
    # score field -> the scale its answers are written on as words ("agreement:7", _verbal)
    verbal: dict[str, str] = field(default_factory=dict)
    # amount field -> the column naming each row's billing period ('month', 'year'): the amount is
    # per that period, and its monthly share is what the field holds (read again from the file)
    per_period: dict[str, str] = field(default_factory=dict)
    # amount field -> the column saying how many of those periods the amount covers (12 'months')
    period_lengths: dict[str, str] = field(default_factory=dict)
    # amount field -> what its header's unit divides it by to be a month's revenue (cents, a year)
    divisors: dict[str, float] = field(default_factory=dict)
    # amount field -> the column counting the units (seats) an amount per unit is for
    quantities: dict[str, str] = field(default_factory=dict)
    # customers: the column keying each row when a customer has several (one per subscription);
    # revenue: each invoice's or payment's, when a month can have several (they add up)
    row_key: str | None = None
    # revenue: the column saying whether a payment was collected ('void', 'declined' are not revenue), the
    # one naming the rows that are refunds and the one of what each gave back ('Amount Refunded'): taken off
    payment_status: str | None = None
    refund_type: str | None = None
    refunded: str | None = None
    # revenue: the column naming each row's MRR movement (new business, expansion, churn…): the
    # amounts are changes, whose running sum per customer is each month's MRR
    movement_type: str | None = None
    # revenue: rows repeat a customer's month with other amounts (invoice lines, credit notes), so
    # each row is keyed by what it holds and a month's rows add up
    line_items: bool = False
    # responses: the column saying which answers do not count (a preview, spam, disqualified: _status)
    excluding: str | None = None
    # responses: further open questions, whose words join the comment's (_open_answers)
    more_comments: list[str] = field(default_factory=list)
    # responses, tickets: date field -> (column, its reading) of the date that stands in where the
    # mapped one is empty (a response never submitted still says when it was last answered)
    date_fallbacks: dict[str, tuple[str, str]] = field(default_factory=dict)
    # the columns that were empty in the file this mapping was confirmed on (a churn date before
    # anyone churned): filled in a later export of the layout, they are read as a new file's are
    blank: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "columns": self.columns, "date_formats": self.date_formats,
                           "scales": {k: list(v) for k, v in self.scales.items()},
                           "scale_changes": {k: list(v) for k, v in self.scale_changes.items()},
                           "scale_columns": self.scale_columns, "verbal": self.verbal, "blank": self.blank})

    @classmethod
    def from_json(cls, text: str, remembered: bool = False) -> "Mapping":
        data = json.loads(text)
        return cls(data["kind"], dict(data["columns"]), dict(data.get("date_formats", {})),
                   {k: tuple(v) for k, v in data.get("scales", {}).items()},
                   {k: tuple(v) for k, v in data.get("scale_changes", {}).items()}, remembered,
                   scale_columns=dict(data.get("scale_columns", {})), verbal=dict(data.get("verbal", {})),
                   blank=list(data.get("blank", [])))

    def read_columns(self) -> set[str]:
        """The columns whose cells fill a field: the mapped ones and those joined to the comment
        (the others are kept as attributes)."""
        return set(self.columns.values()) | set(self.more_comments)

    def stars_recommend(self) -> bool:
        """Whether the recommendation is read from a score's column ('Recommended' among the stars)."""
        column = self.columns.get("recommend")
        return column is not None and column in (self.columns.get(key) for key in SCORE_FIELDS)

    def read_beside(self) -> set[str]:
        """Unmapped columns the import reads to type a field or a row (a billing period, a count of
        periods or seats, a row's own key, a payment's or an answer's status, each row's scale, a
        further open question's words)."""
        single = [self.row_key, self.payment_status, self.refund_type, self.refunded, self.movement_type,
                  self.excluding]
        return {name for name in single if name} | {*self.per_period.values(), *self.period_lengths.values(),
                                                     *self.quantities.values(), *self.scale_columns.values(),
                                                     *self.more_comments,
                                                     *(column for column, _ in self.date_fallbacks.values())}

    def missing_required(self) -> list[tuple[str, ...]]:
        return [group for group in SPECS[self.kind].required
                if not any(key in self.columns for key in group)]


def describe_missing(mapping: Mapping) -> str:
    """Plain message naming each missing required field and the column names looked for."""
    spec = SPECS[mapping.kind]
    parts = []
    for group in mapping.missing_required():
        labels = " or ".join(spec.field(key).label for key in group)
        looked = sorted({s for key in group for s in spec.field(key).synonyms[:6]})
        parts.append(f"{labels} (looked for columns named like: {', '.join(looked)})")
    return (f"This {KIND_LABELS[mapping.kind].lower()} file needs a column for "
            + "; and ".join(parts) + ". Pick the column in the mapping, or rename it in the file.")
