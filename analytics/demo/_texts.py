"""The demo's words (data, not code): names, company domains, and the fragment pools with {slots}
that comments, tickets and churn reasons are composed from. Each fragment carries its own theme's
words (see analytics.voices.DEFAULT_TAXONOMY) and no other theme's, so demo quotes tag cleanly.
"""

FIRST_NAMES = {
    "North America": ("James", "Emily", "Michael", "Sarah", "David", "Jessica", "Chris", "Ashley",
                      "Brian", "Megan", "Kevin", "Lauren", "Jason", "Rachel", "Tyler", "Hannah",
                      "Marcus", "Olivia", "Derek", "Kayla", "Andre", "Brooke", "Ryan", "Nicole"),
    "EMEA": ("Oliver", "Charlotte", "Lukas", "Zoë", "Thomas", "Sophie", "Björn", "Amélie", "Jan",
             "Siobhán", "Matteo", "Chloé", "Pieter", "Ingrid", "François", "Aoife", "Stefan", "Léa",
             "Kasper", "Anja", "Yusuf", "Emma", "Jörg", "Niamh"),
    "APAC": ("Wei", "Priya", "Hiroshi", "Mei", "Arjun", "Yuki", "Jun", "Ananya", "Kenji", "Li", "Rahul",
             "Sakura", "Minh", "Aditi", "Daniel", "Grace", "Hyun-woo", "Ji-yeon", "Vikram", "Siti",
             "Tomás", "Chloe", "Ethan", "Kavya"),
    "LATAM": ("José", "María", "João", "Ana", "Sebastián", "Camila", "Luis", "Valentina", "Diego",
              "Lucía", "Mateo", "Fernanda", "Andrés", "Isabela", "Rafael", "Gabriela", "Pedro",
              "Mariana", "Tomás", "Paula", "Joaquín", "Renata", "Bruno", "Sofía"),
}


LAST_NAMES = {
    "North America": ("Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Moore",
                      "Taylor", "Anderson", "O'Brien", "Thompson", "White", "Harris", "Clark", "Lewis",
                      "Walker", "Young", "King", "O'Connor", "Scott", "Green", "Baker", "D'Angelo",
                      "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Parker"),
    "EMEA": ("Müller", "Schmidt", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Jansen", "de Vries",
             "Andersson", "Nielsen", "O'Sullivan", "Murphy", "Kowalski", "Nowak", "Novák", "Brennan",
             "García", "Fernández", "Hughes", "Evans", "Fischer", "Weber", "Moreau", "Lindqvist",
             "Yılmaz", "Haddad", "Costa", "Ferrari", "Bakker", "Ó Briain"),
    "APAC": ("Wang", "Li", "Zhang", "Chen", "Tanaka", "Suzuki", "Sato", "Kim", "Park", "Lee", "Nguyen",
             "Tran", "Sharma", "Patel", "Gupta", "Iyer", "D'Souza", "Reddy", "Singh", "Wong", "Tan",
             "Lim", "Santos", "Cruz", "Smith", "Kelly", "Walker", "Ng", "Ho", "Cho"),
    "LATAM": ("García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
              "Torres", "Flores", "Silva", "Souza", "Oliveira", "Pereira", "Costa", "Almeida", "Gómez",
              "Díaz", "Romero", "Álvarez", "Castro", "Vargas", "Rojas", "Herrera", "Mendoza", "Ortiz",
              "Ribeiro", "Carvalho", "Núñez", "Fuentes"),
}


DOMAIN_WORDS = ("north", "blue", "bright", "iron", "silver", "oak", "harbor", "summit", "pine", "clear",
                "swift", "atlas", "nova", "lumen", "cedar", "maple", "granite", "river", "polar", "sun",
                "copper", "stone", "lake", "falcon", "orbit", "meadow")


DOMAIN_KINDS = ("wind", "peak", "labs", "works", "logistics", "dental", "studio", "analytics", "foods",
                "health", "legal", "media", "systems", "partners", "retail", "capital", "freight",
                "design", "hq", "group", "clinic", "supply")


DOMAIN_TLDS = {
    "North America": (".com", ".io", ".co", ".com", ".net"),
    "EMEA": (".co.uk", ".de", ".fr", ".eu", ".com", ".nl", ".ie"),
    "APAC": (".com.au", ".sg", ".in", ".com", ".co.jp", ".co.nz"),
    "LATAM": (".com.br", ".mx", ".com.ar", ".com", ".cl", ".co"),
}


SLOTS = {
    "month": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"),
    "n": ("two", "three", "four", "2", "3", "5"),
    "days": ("2", "3", "4", "5", "two", "three"),
    "weeks": ("two", "three", "four", "six"),
    "pct": ("15", "20", "25", "30", "40"),
    "csm": ("Priya", "Marcus", "Elena", "Tom", "Aisha", "Kenji", "Sofia", "Dan", "Grace", "Mateo"),
    "agent": ("Luis", "Hannah", "Omar", "Chloé", "Ravi", "Beth", "Jonas", "Mei"),
    "tool": ("Salesforce", "HubSpot", "Slack", "Zendesk", "Jira", "QuickBooks", "Shopify", "Intercom",
             "Microsoft Teams", "Xero"),
    "tool2": ("Slack", "Google Sheets", "Teams", "Looker"),
    "plan": ("Pro", "Growth", "Enterprise"),
    "limit": ("60", "100", "120", "300"),
    "dim": ("region", "plan", "team", "product line", "sales rep"),
    "rival": ("HubSpot", "Zendesk", "Freshdesk", "Intercom", "Gainsight", "Salesforce",
              "another vendor", "an in-house tool"),
    "feature": ("scheduled export", "Slack alerts", "cohort report", "bulk edit", "saved filters"),
    "row": ("214", "1,027", "3,518", "88", "12,004"),
    "ticket": ("48213", "51107", "49920"),
    "error": ("504 Gateway Timeout", "502 Bad Gateway", "request timed out"),
    "import_error": ("invalid date format", "unexpected value in column 4", "date out of range"),
}


COMPLAINTS = {
    "onboarding": (
        "onboarding took {weeks} weeks longer than we were promised",
        "setup took ages and the docs assume you already know the product",
        "nobody told us we had to map our fields before importing, so we did the import {n} times",
        "the kickoff call was great, then we didn't hear from anyone for {weeks} weeks",
        "half our team still isn't set up after {weeks} weeks",
        "the CSV import kept failing on dates and never said which row was wrong",
        "we paid for onboarding and got a couple of videos"),
    "billing": ("the invoice showed {n} seats we removed in {month}",
                "we got charged twice in {month} and the refund took {weeks} weeks",
                "the billing page is a mess",
                "we can't download invoices ourselves, someone has to email them over",
                "there's no way to put a PO number on invoices, which our finance team needs",
                "auto-renewal charged us for a full year with no reminder",
                "nobody on our side can read the proration on the invoice",
                "we were billed in USD even though we asked to pay in EUR"),
    "pricing": ("it's too expensive for what we actually use",
                "the price went up {pct}% in {month} with a month's notice",
                "pricing is hard to justify for a team our size",
                "we pay {plan} plan prices for the one add-on we actually need",
                "per-seat pricing punishes us for adding part-time staff",
                "it's honestly too expensive for a small team", "everything useful is a paid add-on now",
                "cheaper tools do 80% of this for half the price"),
    "support": ("we waited {days} days for a reply on a P1",
                "support keeps closing tickets before the problem is fixed",
                "every ticket starts with 'have you tried clearing your cache'",
                "anything harder than a password reset gets escalated and disappears",
                "we had to explain the same issue to {n} different agents",
                "there's no phone support unless you're on the top plan",
                "replies come overnight because nobody covers our time zone"),
    "reliability": ("we had {n} outages in {month} and the status page said everything was fine",
                    "the app takes forever to load most mornings",
                    "reports time out when we pick more than {n} months",
                    "we lost data twice last quarter",
                    "downtime during our busiest week lost us orders",
                    "the app logs us out randomly several times a day",
                    "search is painfully slow on big accounts"),
    "security": ("SSO is only on the Enterprise plan, which is a dealbreaker for our IT team",
                 "we still don't have SAML SSO with Okta and security keeps asking",
                 "no SCIM provisioning, so offboarding is manual and risky",
                 "our security questionnaire took {weeks} weeks to come back",
                 "permissions are too coarse, everyone can see everything",
                 "audit logs only go back 30 days and compliance needs a year",
                 "legal won't sign the renewal without EU data residency"),
    "features": ("exporting reports to Excel loses all the formatting",
                 "the API limit of {limit} calls a minute is too low for our nightly jobs",
                 "we've been asking for custom fields on reports for {n} quarters",
                 "scheduled exports would save us hours every week",
                 "the mobile app is missing half the features",
                 "there's no bulk edit, so we change records one at a time",
                 "dashboards can't be filtered by {dim}, which is how our execs think"),
    "usability": ("the interface is cluttered and hard to learn",
                  "it takes too many clicks to do simple things",
                  "new hires need a full day of training before they can use it",
                  "settings are buried in three different places",
                  "the new navigation moved everything around without warning"),
    "integrations": ("the {tool} integration breaks every few weeks and we have to reconnect it",
                     "the {tool} sync only runs once a day and we need it in real time",
                     "there's no native {tool} integration, so we pay for Zapier to glue it together",
                     "half the fields from {tool} never come across, we lose them on every sync"),
    "account": ("we've had {n} account managers in a year and each one starts from scratch",
                "our CSM only calls when the renewal is coming up",
                "nobody from your side has checked in since we signed",
                "the QBRs are just a sales pitch",
                "our account manager left and nobody told us who replaced them"),
}


PRAISE = {
    "onboarding": ("onboarding was quick, we were live in {days} days",
                   "{csm} walked us through setup and answered every dumb question",
                   "setup was painless", "the import wizard handled our messy spreadsheet first try",
                   "the onboarding videos are short and actually useful"),
    "billing": ("billing is simple and the invoices are clear", "adding and removing seats is easy",
                "a billing mix-up got sorted in one email"),
    "pricing": ("it's worth the price", "it's good value for what we pay",
                "pricing is fair compared to {rival}", "it paid for itself in the first quarter"),
    "support": ("support is fast and actually knows the product",
                "{agent} in support fixed our issue in under an hour",
                "chat support answers within minutes", "support always follows up to check it's fixed",
                "best support team we've dealt with"),
    "reliability": ("it just works, can't remember the last outage",
                    "it's rock solid and fast even with our data volume", "uptime has been great"),
    "security": ("SSO with Okta took an afternoon to get working",
                 "the security review went smoothly, your team had every answer ready",
                 "granular permissions made our auditors happy"),
    "features": ("the dashboards are great", "custom reports are exactly what we needed",
                 "the new {feature} feature saves us hours",
                 "scheduled reports to the exec team are a huge win",
                 "the API is well documented and easy to build on"),
    "usability": ("it's super easy to use",
                  "the interface is clean and our team picked it up right away",
                  "love the clean interface",
                  "it's intuitive, nobody needed training", "everything is where you'd expect it to be"),
    "integrations": ("the {tool} integration works great", "we connected {tool} in ten minutes",
                     "love that it plugs into {tool} and {tool2}"),
    "account": ("{csm}, our account manager, is fantastic", "our CSM really understands our business",
                "the quarterly reviews are actually useful",
                "{csm} from customer success always gets back to us the same day"),
}


PRAISE_GENERAL = ("it does exactly what we need", "the whole team relies on it every day",
                  "the product keeps getting better", "it's become part of how we work",
                  "great product overall", "we love it", "it saves us hours every week",
                  "it's the best tool we've bought in years")


SHAPES = {  # {P}/{p}: praise, {N}/{n}: complaint (capitalised / as written), {C}: closer,
    # {P2}, {N2}: a second fragment, {G}/{B}: a concrete good/bad detail
    "promoter": ("{P}.", "{P}. {P2}.", "{P}, and {p2}.", "{P}! {C}", "{P}. Only gripe: {n}.",
                 "{P}, though {n}.", "{P}. {C}", "{P}. {P2}. {C}", "{P}. {G} {C}", "{P}, and {p2}. {G}"),
    "passive": ("{P}, but {n}.", "{P} but {n}", "{N}. Otherwise {p}.", "Mostly fine. {N}.",
                "{P}. {N}. {C}", "{N}, but {p}.", "It's ok. {N}.", "{P}. That said, {n}. {C}",
                "{P}, but {n}. {B} {C}", "{N}. {B} Otherwise {p}."),
    "detractor": ("{N}.", "{N}. {N2}.", "{N}. {N2}. {C}", "{P}, but {n}. {C}", "{N}. {C}",
                  "{N}, and {n2}.", "{N}!! {C}", "{N}. {B} {C}", "{N}. {N2}. {B} {C}"),
}


VENTING = ("{N}. {N2}.", "{N}. {N2}. {C}", "{N}, and {n2}. {C}", "{N}. On top of that, {n2}. {C}",
           "{N}. {N2}. {B} {C}")


CLOSERS = {
    "promoter": ("Keep it up!", "Would recommend.", "Already recommended it to two other teams.",
                 "Thanks!", "Great job, team.", "We'd be lost without it.", "Best tool in our stack."),
    "passive": ("Fix that and it's a 9.", "Solid otherwise.", "Would be a 10 if that got sorted.",
                "Hoping this improves.", "Still a decent tool."),
    "detractor": ("Seriously considering alternatives.", "We're looking at {rival} for the renewal.",
                  "Not sure we'll renew.", "Really disappointed.", "This has been going on for months.",
                  "Very frustrating.", "Please fix this."),
}


SHORT = {  # a few words, about nothing in particular
    "promoter": ("great product", "Love it!", "Works well.", "does what we need", "Very happy with it.",
                 "no complaints", "Fantastic tool"),
    "passive": ("it's fine", "OK for now.", "Does the job.", "Good but not great", "mostly fine"),
    "detractor": ("Really disappointed.", "Not good.", "meh", "Expected more."),
}


SHORT_PRAISE = {"support": ("Great support",), "usability": ("Easy to use",),
                "pricing": ("Good value.",), "reliability": ("Rock solid.",)}


SHORT_COMPLAINTS = {  # a few words about one theme, for passives and detractors
    "onboarding": ("setup was painful",), "billing": ("billing is a mess",),
    "pricing": ("Too expensive.", "Not worth the money.", "a bit pricey"),
    "support": ("support never answers",), "reliability": ("buggy", "Too many outages."),
    "security": ("still no SSO",), "features": ("missing basic features",),
    "usability": ("Hard to use", "clunky"), "integrations": ("integrations keep breaking",),
    "account": ("no idea who our account manager is",),
}


OPENERS = ("Honestly, ", "tbh ")


CHURN_REASONS = {
    "onboarding": ("Never got fully set up, usage stayed at {n} users",
                   "Onboarding dragged on for {weeks} weeks and they gave up",
                   "Didn't see value in the first 90 days"),
    "billing": ("Fed up with billing mistakes, kept getting charged for seats they had removed",
                "Billing dispute over the annual renewal that never got resolved",
                "Finance couldn't get invoices with PO numbers, procurement blocked the renewal"),
    "pricing": ("Moved to a cheaper tool after the price increase",
                "Too expensive for their budget, went with {rival}",
                "Couldn't justify the cost with only {n} people using it",
                "We couldn't justify a {pct}% increase at renewal, finance said no"),
    "support": ("Unhappy with support response times after a P1 sat for {days} days",
                "Felt support never solved anything, just closed tickets"),
    "reliability": ("Too many outages in {month}, we lost trust in the numbers",
                    "Performance problems with large reports were never fixed"),
    "security": ("Security team required SAML SSO and SCIM, not available on their plan",
                 "Failed their vendor security review (no EU data residency)",
                 "IT mandated a tool with proper audit logs and SSO"),
    "features": ("Needed scheduled exports and custom reporting, moved to {rival}",
                 "API limits blocked their reporting project",
                 "We needed bulk edit and a mobile app that does more than show numbers"),
    "usability": ("Team found it too complicated and went back to spreadsheets",
                  "Low adoption, users said the UI was confusing"),
    "integrations": ("The {tool} integration kept breaking, moved to a tool with native sync",
                     "Needed a real-time {tool} sync we don't have"),
    "account": ("Our champion left and the new VP picked HubSpot",
                "Never had a consistent CSM and felt neglected",
                "No contact from the account team until renewal, they'd already decided"),
}


EXTERNAL_REASONS = ("Acquired by a larger company that standardises on Salesforce",
                    "Budget cuts, the whole ops team was let go", "Business closed",
                    "Champion left the company and nobody took it over", "Project was cancelled",
                    "Merged with a company that already uses {rival}", "Switched to an in-house tool")


REASON_VOICES = ("{r}", "{r}", "{r}.", "Customer said: {r}", "Per {csm}: {r}", "{r} (exit call)")


TICKETS = {  # (subject, body) per theme
    "onboarding": (
        ("CSV import fails on date column",
         "Our import of {row} contacts fails with '{import_error}'. "
         "The dates look fine to us (DD/MM/YYYY)."),
        ("Invites not arriving",
         "I've added {n} colleagues but they never got the invite email. Can you resend?"),
        ("Help mapping fields on import",
         "Which of our columns should map to 'account owner'? The import preview doesn't say.")),
    "billing": (
        ("Charged for removed seats",
         "Our {month} invoice still lists {n} seats we removed last month. Please credit the difference."),
        ("Duplicate charge on {month} invoice",
         "We were charged twice this month. Can you refund one of the charges?"),
        ("Need a PO number on our invoice",
         "Our finance team rejects invoices without a PO number. Where can we add it?")),
    "pricing": (("Question about the new pricing",
                 "We saw the pricing change for next year. Is there any way to keep our current rate?"),
                ("Downgrade to Starter",
                 "We only use a small part of the product now. "
                 "What would we lose by moving to a smaller plan?"),
                ("Discount for paying yearly?",
                 "If we pay annually instead of monthly, what discount do we get?")),
    "support": (
        ("Still not fixed - ticket #{ticket}",
         "This is the third time I'm writing about ticket #{ticket}. The issue is still happening."),
        ("Escalation: no reply for {days} days",
         "We reported this {days} days ago and have had no reply. It's blocking our team.")),
    "reliability": (("App not loading",
                     "The app has been spinning since this morning for everyone on our team."),
                    ("Reports timing out",
                     "Reports over {n} months fail with '{error}'. Smaller ranges work."),
                    ("Lost data since last night",
                     "Everything entered after 6pm yesterday is gone. Was there an outage?")),
    "security": (("SAML SSO with Okta",
                  "Our IT team needs SAML SSO with Okta before renewal. What plan do we need?"),
                 ("Security questionnaire for renewal",
                  "Attached is our vendor security questionnaire. We need it back within {weeks} weeks."),
                 ("Need SCIM provisioning",
                  "We offboard people through Okta. Is SCIM available so their access is removed?")),
    "features": (
        ("API rate limit (429 Too Many Requests)",
         "Our nightly job keeps hitting '429 Too Many Requests' after about {limit} calls. "
         "Can the limit be raised?"),
        ("Export to Excel loses formatting",
         "When we export a report to Excel the formatting and totals row are lost."),
        ("Feature request: {feature}", "Is a {feature} on the roadmap? We'd use it every week.")),
    "usability": (("Can't find notification settings",
                   "I can't find where to turn off the daily email digest. Where does that live now?"),
                  ("Where did the date picker go?",
                   "Since the new navigation I can't find the date range picker. Where is it now?"),
                  ("Too many clicks to close a record",
                   "Closing one record takes {n} screens and a lot of clicks. Is there a shortcut?")),
    "integrations": (("{tool} integration disconnected",
                      "The {tool} connection dropped again and records since yesterday are missing."),
                     ("{tool} sync missing fields",
                      "Some fields from {tool} are not coming through on the sync.")),
    "account": (("Who is our account manager now?",
                 "Our account manager left and we don't know who to talk to about renewal."),
                ("Requesting a QBR",
                 "Could we schedule a quarterly review with {csm}? We'd like to go over usage."),
                ("Renewal quote",
                 "Can you send the renewal quote for next year? Procurement needs it this month.")),
}


DETAILS = {  # a concrete extra sentence that makes a comment longer
    "good": ("We rolled it out to {n} more teams this quarter.",
             "Our execs look at it every Monday.", "It replaced {n} spreadsheets for us.",
             "Our new hires were productive in a morning."),
    "bad": ("We raised it with {csm} in {month} and nothing has changed.",
            "We've reported this {n} times.", "Our ops team loses hours to it every week.",
            "My boss asked me about it again last week.", "It's been like this since {month}."),
}


HAZARD_COMMENTS = (  # quotes, commas and line breaks for the importer; PII for the masker
    'The "Export to Excel" button, when it works, drops the last column.\nPlease fix.',
    "Three things we need:\n1) SSO\n2) audit logs\n3) a real \"admin\" role",
    'Our finance lead asked, "why are we paying for 12 seats?" Good question.',
    "Reports are great.\n\nSupport, on the other hand, took a week to answer a P1.",
    "Call me on +1 (415) 555-0142 if you want the details, the sync issue is still happening.",
    "Billing is wrong again. Please email me at {email} rather than the generic inbox.",
)
