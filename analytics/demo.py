"""A seeded, realistic demo data set: customers, survey responses, support tickets, monthly revenue.

The model in one paragraph: every customer has a latent *health* (standard normal), a *pain
theme* (their main complaint), a lesser *gripe* and a theme they like, drawn with segment-dependent
weights (SMB: pricing, billing, onboarding; Enterprise: security, reliability, account management;
gripes: mostly missing features, usability and integrations). Health drives NPS, churn hazard,
expansion versus contraction and ticket satisfaction. Churn has two competing causes: outside
reasons, and the pain theme, whose pull depends on segment and theme (CHURN_PULL: SMB leave over
price and onboarding, Mid-Market over support, Enterprise over security and neglect, reliability
costs some customers everywhere, the everyday gripes rarely cost any). Complaints are about the pain
theme about a quarter to a third of the time; in the half year before the pain makes a customer
leave they write more tickets and answer more surveys, and about three quarters of what they say is
about it, more angrily. The links an analyst looks for (detractors churn more, themes differ by
segment, slow-to-resolve themes get worse ratings, a few themes drive churn and most don't) come
out of that model rather than being written into any one figure. Text is composed from fragment
pools with slots, each fragment carrying its own theme's words (analytics.themes.DEFAULT_TAXONOMY)
and no other theme's, so quotes vary in wording and length and tag cleanly. Pure numpy + pandas,
deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

MONTHS_IN_WINDOW = 24
SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
SEGMENT_SHARE = (0.6, 0.3, 0.1)
PLANS = ("Starter", "Growth", "Pro", "Enterprise")
PLAN_SHARE = ((0.55, 0.35, 0.10, 0.0), (0.05, 0.45, 0.45, 0.05), (0.0, 0.05, 0.35, 0.60))
PLAN_PRICE_FACTOR = np.array([0.7, 1.0, 1.4, 1.8])
MRR_MEDIAN = np.array([190.0, 1500.0, 9000.0])  # per segment, before the plan factor
MRR_RANGE = np.array([[50.0, 800.0], [500.0, 5000.0], [3000.0, 40000.0]])
MONTHLY_CHURN = np.array([0.036, 0.023, 0.014])  # mean logo churn hazard over health and pain
TICKETS_PER_MONTH = np.array([0.075, 0.15, 0.32])
REGIONS = ("North America", "EMEA", "APAC", "LATAM")
REGION_SHARE = (0.45, 0.30, 0.15, 0.10)
CHANNEL_SHARE = ((0.55, 0.40, 0.05), (0.50, 0.35, 0.15), (0.45, 0.20, 0.35))  # email, chat, phone

THEMES = ("onboarding", "billing", "pricing", "support", "reliability",
          "security", "features", "usability", "integrations", "account")
PAIN_WEIGHTS = ((2.5, 2.5, 3.5, 2.0, 2.0, 0.2, 0.4, 0.6, 0.4, 0.3),   # SMB
                (1.5, 1.2, 1.5, 2.0, 2.5, 1.0, 0.8, 0.6, 0.8, 1.0),   # Mid-Market
                (0.6, 0.5, 0.3, 1.5, 2.0, 2.5, 0.6, 0.3, 0.6, 2.0))   # Enterprise
# Everyday gripes, besides the pain theme: mostly the usual grumbling about missing features,
# usability and integrations, which everybody has, whether they stay or not.
GRIPE_WEIGHTS = ((0.2, 1.5, 1.0, 1.5, 0.15, 0.1, 2.5, 3.0, 1.5, 0.3),   # SMB
                 (0.6, 0.8, 0.5, 1.2, 0.4, 0.5, 3.0, 2.0, 2.5, 0.5),   # Mid-Market
                 (0.3, 0.4, 0.2, 1.0, 0.5, 0.5, 3.0, 1.0, 2.5, 0.3))   # Enterprise
PRAISE_WEIGHTS = ((0.4, 0.5, 0.5, 2.5, 0.3, 0.1, 2.0, 3.5, 1.5, 0.5),
                  (1.0, 0.4, 0.6, 2.5, 0.8, 0.6, 2.5, 2.5, 2.0, 1.2),
                  (0.8, 0.3, 0.2, 2.0, 0.6, 0.5, 2.5, 1.5, 1.5, 0.5))
# Extra churn hazard a customer's pain theme causes, in units of the hazard every customer has for
# outside reasons (budget, acquisition, a champion leaving, low health). Which complaints cost
# customers differs by segment: SMB leave over price and a failed onboarding, Mid-Market over
# support, Enterprise over security reviews and neglect; reliability costs some everywhere;
# usability, missing features and integrations are complaints that rarely end a contract. What the
# Drivers page measures (relative risk of mentioners vs other speakers) is diluted by everybody
# else's mentions, so a strong driver needs a pull well above its segment's mean (SMB ~10).
CHURN_PULL = np.array((
    (25.0, 4.0, 18.0, 4.0, 16.0, 4.0, 4.0, 4.0, 4.0, 4.0),    # SMB
    (4.0, 4.0, 4.0, 26.0, 12.0, 4.0, 4.0, 4.0, 4.0, 4.0),     # Mid-Market
    (4.0, 4.0, 4.0, 4.0, 20.0, 24.0, 4.0, 4.0, 4.0, 28.0)))   # Enterprise
PAIN_SHARE = 0.3             # share of a customer's complaints that are about their pain theme
GRIPE_SHARE = 0.9            # share of the others about their second gripe (the rest: anything)
LIKES_SHARE = 0.6            # share of a customer's praise for what they like most
PRE_CHURN_PAIN_SHARE = 0.55  # the same share in the months before the pain makes them leave
PRE_CHURN_MONTHS = 6         # how long before churning that shows (fading out over 2 more months)
PRE_CHURN_TICKETS = 0.35     # extra tickets per month then (at least 1.5 times the usual rate)
PRE_CHURN_TICKET_PAIN_SHARE = 0.9  # share of those extra tickets about the pain theme
OUTSIDE_CHURN_TICKETS = 0.1  # extra tickets per month before a churn for outside reasons
RESOLUTION_HOURS = np.array([10, 30, 12, 60, 70, 90, 40, 6, 80, 24])  # typical time to solve
TICKET_SATISFACTION = 4.4 - 0.5 * np.log(RESOLUTION_HOURS / 6)  # slower themes are rated lower

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
GENERAL_PRAISE_SHARE = 0.6  # praise about the product as a whole, no theme in particular
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

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class _Population:
    """Latent state of every customer, as parallel arrays (position = customer row)."""

    segment: np.ndarray       # index into SEGMENTS
    plan: np.ndarray          # index into PLANS
    region: np.ndarray        # index into REGIONS
    health: np.ndarray        # standard normal: scores, churn hazard, expansion, satisfaction
    pain: np.ndarray          # index into THEMES: what this customer complains about
    gripe: np.ndarray         # index into THEMES: a second, lesser complaint (never the pain)
    likes: np.ndarray         # index into THEMES: what this customer praises most
    signup: np.ndarray        # datetime64[s], midnight of the signup day
    signup_month: np.ndarray  # month index, 0 = first month of the window, negative = before it
    churn_month: np.ndarray   # month index of churn; >= MONTHS_IN_WINDOW means still active
    end: np.ndarray           # datetime64[s]: midnight of the churn day, or the end of the window
    pain_churn: np.ndarray    # bool: churned (or will) because of the pain theme, not outside reasons

    @property
    def churned(self) -> np.ndarray:
        return self.churn_month < MONTHS_IN_WINDOW

    def leaving(self, cust: np.ndarray, at: np.ndarray) -> np.ndarray:
        """How far each moment is into the run-up to a churn the pain theme caused: 1 in the last
        PRE_CHURN_MONTHS months, fading to 0 over the two months before; 0 for everyone else."""
        months = (self.end[cust] - at).astype("timedelta64[s]").astype(float) / (30.44 * 86400)
        ramp = np.clip((PRE_CHURN_MONTHS + 2 - months) / 2, 0.0, 1.0)
        return np.where(self.churned[cust] & self.pain_churn[cust], ramp, 0.0)

    def complaint(self, rng: np.random.Generator, cust: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The theme of one complaint per row: the customer's pain theme (PAIN_SHARE of the time,
        PRE_CHURN_PAIN_SHARE shortly before a churn it causes), otherwise mostly their second
        gripe, now and then anything their segment complains about."""
        share = PAIN_SHARE + (PRE_CHURN_PAIN_SHARE - PAIN_SHARE) * self.leaving(cust, at)
        u = rng.random(len(cust))
        other = np.where(u < share + (1 - share) * GRIPE_SHARE, self.gripe[cust],
                         _by_segment(rng, self.segment[cust], GRIPE_WEIGHTS))
        return np.where(u < share, self.pain[cust], other)

    def praise(self, rng: np.random.Generator, cust: np.ndarray) -> np.ndarray:
        """The theme of one piece of praise per row: mostly what the customer likes most."""
        other = _by_segment(rng, self.segment[cust], PRAISE_WEIGHTS)
        return np.where(rng.random(len(cust)) < LIKES_SHARE, self.likes[cust], other)

    @property
    def last_month(self) -> np.ndarray:
        return np.minimum(self.churn_month, MONTHS_IN_WINDOW - 1)


@dataclass(frozen=True)
class _Events:
    """Survey responses before they get text: who, when, which survey, score and themes.
    (Solved tickets travel in the same shape on their way to CSAT and CES.)"""

    cust: np.ndarray
    at: np.ndarray            # datetime64[s]
    survey: str
    score: np.ndarray
    complaint: np.ndarray     # index into THEMES, for the critical part of a comment
    praise: np.ndarray        # index into THEMES, for the positive part
    comment_rate: float


def generate_demo(
    seed: int = 7, customers: int = 5000, end_month: str = "2026-10"
) -> dict[str, pd.DataFrame]:
    """Return {"customers", "responses", "tickets", "revenue"} frames for the 24 months ending with
    `end_month` (inclusive), deterministic for a seed. Dates are strings, as in a CSV export."""
    rng = np.random.default_rng(seed)
    text = random.Random(int(rng.integers(2**32)))
    first_month = np.datetime64(end_month, "M") - (MONTHS_IN_WINDOW - 1)
    pop = _population(rng, customers, first_month)
    first, last = _names(text, pop.region)
    emails = _emails(text, first, last, pop.region)
    revenue, mrr = _revenue(rng, pop, first_month)
    tickets, solved = _tickets(rng, text, pop, first, first_month)
    events = [_nps(rng, pop, first_month), *_after_tickets(rng, pop, solved), _onboarding_ces(rng, pop)]
    return {"customers": _customer_frame(text, pop, first, last, emails, mrr),
            "responses": _responses(rng, text, pop, events, emails),
            "tickets": tickets, "revenue": revenue}


def _fill(text: random.Random, template: str, memo: dict | None = None) -> str:
    """Replace every {slot} with a random value from SLOTS; a slot repeated (also across the
    templates sharing `memo`) keeps its value."""
    memo = {} if memo is None else memo

    def pick(match: re.Match) -> str:
        if match[1] not in memo:
            memo[match[1]] = text.choice(SLOTS[match[1]])
        return memo[match[1]]

    return _SLOT.sub(pick, template)


def _ids(prefix: str, numbers, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in numbers]


def _stamp(at: np.ndarray) -> list[str]:
    """datetime64[s] → "YYYY-MM-DD HH:MM:SS"."""
    return [s.replace("T", " ") for s in at.astype(str)]


def _months_later(first_month: np.datetime64, month: np.ndarray) -> np.ndarray:
    return (first_month + month).astype("datetime64[D]")


def _times_in_months(rng: np.random.Generator, month: np.ndarray, first_month) -> np.ndarray:
    """Random moments inside the given months (0 = first month of the window), mostly working hours."""
    start = _months_later(first_month, month)
    days = (_months_later(first_month, month + 1) - start).astype(int)
    day = (rng.random(len(month)) * days).astype(int)
    seconds = (np.clip(rng.normal(13.5, 3.0, len(month)), 6.0, 23.9) * 3600).astype(int)
    return start.astype("datetime64[s]") + day.astype("timedelta64[D]") + seconds.astype("timedelta64[s]")


def _by_segment(rng: np.random.Generator, segment: np.ndarray, weights) -> np.ndarray:
    """Draw one category per row with the probabilities (relative weights) of the row's segment."""
    out = np.empty(len(segment), dtype=int)
    for s, w in enumerate(weights):
        rows = segment == s
        out[rows] = rng.choice(len(w), rows.sum(), p=np.asarray(w) / np.sum(w))
    return out


def _population(rng: np.random.Generator, n: int, first_month: np.datetime64) -> _Population:
    """Signups (a third before the window, the rest growing over it), each customer's pain, gripe
    and liked themes, and geometric monthly churn from two competing causes: outside reasons and
    the pain theme (CHURN_PULL, by segment). Both are higher for unhealthy customers, the pain more
    steeply; each segment's mean hazard is MONTHLY_CHURN. Which cause struck is kept: only a churn
    the pain caused shows in the customer's words beforehand."""
    segment = rng.choice(3, n, p=SEGMENT_SHARE)
    health = rng.standard_normal(n)
    growth = np.linspace(1.0, 1.6, MONTHS_IN_WINDOW)
    signup_month = np.where(rng.random(n) < 0.33, -rng.integers(1, 49, n),
                            rng.choice(MONTHS_IN_WINDOW, n, p=growth / growth.sum()))
    signup = _times_in_months(rng, signup_month, first_month).astype("datetime64[D]")
    pain = _by_segment(rng, segment, PAIN_WEIGHTS)
    gripe = _by_segment(rng, segment, GRIPE_WEIGHTS)
    while (same := gripe == pain).any():
        gripe[same] = _by_segment(rng, segment[same], GRIPE_WEIGHTS)
    likes = _by_segment(rng, segment, PRAISE_WEIGHTS)
    pull = CHURN_PULL[segment, pain]
    outside = np.exp(-0.4 * health - 0.08)  # both factors average 1 over health
    caused = pull * np.exp(-0.8 * health - 0.32)
    weights = np.asarray(PAIN_WEIGHTS) / np.sum(PAIN_WEIGHTS, axis=1, keepdims=True)
    mean_factor = 1 + (weights * CHURN_PULL).sum(axis=1)  # keeps each segment's mean hazard
    hazard = MONTHLY_CHURN[segment] * (outside + caused) / mean_factor[segment]
    pain_churn = rng.random(n) < caused / (outside + caused)
    wait = rng.geometric(np.clip(hazard, 0.001, 0.5))
    churn_month = np.where(signup_month < 0, wait - 1, signup_month + wait)
    churn_day = _times_in_months(rng, np.minimum(churn_month, MONTHS_IN_WINDOW - 1), first_month)
    window_end = _months_later(first_month, MONTHS_IN_WINDOW).astype("datetime64[s]")
    end = np.where(churn_month < MONTHS_IN_WINDOW, churn_day.astype("datetime64[D]"), window_end)
    return _Population(segment=segment, plan=_by_segment(rng, segment, PLAN_SHARE),
                       region=rng.choice(4, n, p=REGION_SHARE), health=health, pain=pain,
                       gripe=gripe, likes=likes,
                       signup=signup.astype("datetime64[s]"), signup_month=signup_month,
                       churn_month=churn_month, end=end.astype("datetime64[s]"),
                       pain_churn=pain_churn)


def _revenue(rng: np.random.Generator, pop: _Population, first_month: np.datetime64):
    """One row per customer per active month (the churn month included). MRR starts lognormal by
    segment and plan, then expands (more often when healthy) or contracts (more often when not).
    Returns the frame and each customer's last MRR."""
    first = np.maximum(pop.signup_month, 0)
    lengths = pop.last_month - first + 1
    cust = np.repeat(np.arange(len(lengths)), lengths)
    group_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offset = np.arange(len(cust)) - group_start
    noise = np.exp(rng.normal(0, 0.5, len(lengths)))
    start = MRR_MEDIAN[pop.segment] * PLAN_PRICE_FACTOR[pop.plan] * noise
    p_up = (0.03 + 0.025 * (pop.health > 0.5))[cust]
    p_down = (0.012 + 0.015 * (pop.health < -0.5))[cust]
    u, size = rng.random(len(cust)), rng.random(len(cust))
    step = np.where(u < p_up, np.log1p(0.1 + 0.4 * size),
                    np.where(u > 1 - p_down, np.log1p(-0.1 - 0.25 * size), 0.0))
    step[offset == 0] = 0.0
    cumulative = np.cumsum(step)
    low, high = MRR_RANGE[pop.segment[cust]].T
    mrr = np.round(np.clip(start[cust] * np.exp(cumulative - cumulative[group_start]), low, high), 2)
    month = [f"{m}-01" for m in (first_month + first[cust] + offset).astype(str)]
    frame = pd.DataFrame({"customer_id": _ids("C-", cust + 1, 5), "month": month, "mrr": mrr})
    return frame, mrr[np.cumsum(lengths) - 1]


def _names(text: random.Random, region: np.ndarray) -> tuple[list[str], list[str]]:
    """First and last names from pools that fit each customer's region."""
    regions = [REGIONS[r] for r in region]
    return [text.choice(FIRST_NAMES[r]) for r in regions], [text.choice(LAST_NAMES[r]) for r in regions]


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return folded.lower().replace("'", "").replace(" ", "")


def _emails(text: random.Random, first: list[str], last: list[str], region: np.ndarray) -> list[str]:
    """Unique work addresses: a local part in one of the usual patterns at a company-like domain."""
    out, seen = [], set()
    for f, l, r in zip(first, last, region):
        f, l = _ascii(f), _ascii(l)
        local = text.choice((f"{f}.{l}", f"{f}.{l}", f"{f[0]}{l}", f, f"{f}{l[0]}", f"{f}_{l}"))
        tld = text.choice(DOMAIN_TLDS[REGIONS[r]])
        domain = text.choice(DOMAIN_WORDS) + text.choice(DOMAIN_KINDS) + tld
        email = f"{local}@{domain}"
        while email in seen:
            email = f"{local}{text.randint(2, 99)}@{domain}"
        seen.add(email)
        out.append(email)
    return out


def _customer_frame(text, pop: _Population, first, last, emails, mrr) -> pd.DataFrame:
    """The customers table; churned customers get a reason in their own or their CSM's words."""
    churned = pop.churned
    reasons = [_churn_reason(text, THEMES[t], h, pc) if c else ""
               for t, h, c, pc in zip(pop.pain, pop.health, churned, pop.pain_churn)]
    return pd.DataFrame({
        "customer_id": _ids("C-", range(1, len(mrr) + 1), 5),
        "name": [f"{f} {l}" for f, l in zip(first, last)], "email": emails,
        "segment": np.array(SEGMENTS)[pop.segment], "plan": np.array(PLANS)[pop.plan],
        "region": np.array(REGIONS)[pop.region],
        "signup_date": pop.signup.astype("datetime64[D]").astype(str),
        "mrr": mrr, "status": np.where(churned, "churned", "active"),
        "churn_date": np.where(churned, pop.end.astype("datetime64[D]").astype(str), ""),
        "churn_reason": reasons})


def _churn_reason(text: random.Random, theme: str, health: float, pain_churn: bool) -> str:
    """A churn the pain theme caused is put down to it; one from outside reasons mostly to an
    outside cause (acquired, budget, champion gone), though the unhealthy often name their pain."""
    outside = text.random() < (0.12 if pain_churn else 0.75 if health > 0 else 0.45)
    reason = _fill(text, text.choice(EXTERNAL_REASONS if outside else CHURN_REASONS[theme]))
    return _fill(text, text.choice(REASON_VOICES).replace("{r}", reason))


def _tickets(rng, text, pop: _Population, first_names, first_month) -> tuple[pd.DataFrame, _Events]:
    """Tickets arrive as a Poisson process per active month (more for Enterprise and unhappy
    customers, and more again in the months before the pain theme makes a customer leave);
    topics follow the customer's pain theme (Population.complaint); slow-to-resolve themes and
    customers about to leave are rated lower. Returns the frame and the solved tickets (as
    events) for CSAT and CES follow-ups."""
    first = np.maximum(pop.signup_month, 0)
    rate = TICKETS_PER_MONTH[pop.segment] * np.exp(-0.3 * pop.health)
    cust = np.repeat(np.arange(len(first)), rng.poisson(rate * (pop.last_month - first + 1)))
    month = rng.integers(first[cust], pop.last_month[cust] + 1)
    run_up_start = np.maximum(first, pop.churn_month - PRE_CHURN_MONTHS + 1)
    run_up = np.where(pop.churned, pop.last_month - run_up_start + 1, 0)
    more = np.where(pop.pain_churn, np.maximum(PRE_CHURN_TICKETS, 1.5 * rate), OUTSIDE_CHURN_TICKETS)
    extra = np.repeat(np.arange(len(first)), rng.poisson(more * run_up))
    burst = np.repeat([False, True], [len(cust), len(extra)])
    cust = np.concatenate([cust, extra])
    month = np.concatenate([month, rng.integers(run_up_start[extra], pop.last_month[extra] + 1)])
    created = _times_in_months(rng, month, first_month)
    keep = (created >= pop.signup[cust]) & (created < pop.end[cust])
    order = np.argsort(created[keep], kind="stable")
    cust, created, burst = cust[keep][order], created[keep][order], burst[keep][order]
    n = len(cust)
    about_pain = burst & pop.pain_churn[cust] & (rng.random(n) < PRE_CHURN_TICKET_PAIN_SHARE)
    theme = np.where(about_pain, pop.pain[cust], pop.complaint(rng, cust, created))
    window_end = _months_later(first_month, MONTHS_IN_WINDOW).astype("datetime64[s]")
    recent = created > window_end - np.timedelta64(14, "D")
    solved = rng.random(n) >= np.where(recent, 0.5, 0.02)
    mean = TICKET_SATISFACTION[theme] + 0.35 * pop.health[cust] - 0.6 * pop.leaving(cust, created)
    score = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    rated = solved & (rng.random(n) < 0.55)
    channel = _by_segment(rng, pop.segment[cust], CHANNEL_SHARE)
    frame = pd.DataFrame({
        "ticket_id": _ids("T-", range(1, n + 1), 6), "customer_id": _ids("C-", cust + 1, 5),
        "created_at": _stamp(created),
        **_ticket_text(text, theme, channel, [first_names[c] for c in cust]),
        "satisfaction": pd.Series([int(s) if r else "" for s, r in zip(score, rated)], dtype=object),
        "status": np.where(solved, "solved", "open"),
        "channel": np.array(["email", "chat", "phone"])[channel]})
    done = theme[solved]
    return frame, _Events(cust[solved], created[solved], "ticket", score[solved], done, done, 0.0)


def _ticket_text(text: random.Random, theme, channel, first_names) -> dict[str, list[str]]:
    """Subject and body per ticket: an email with greeting and sign-off, a terse chat message,
    or an agent's call note."""
    subjects, bodies = [], []
    for t, ch, name in zip(theme, channel, first_names):
        memo: dict = {}
        subject, body = (_fill(text, s, memo) for s in text.choice(TICKETS[THEMES[t]]))
        if ch == 0:
            greeting = text.choice(("Hi,", "Hello team,", "Hi there,", "Good morning,", "Hello,"))
            body = f"{greeting}\n\n{body}\n\nThanks,\n{name}"
        elif ch == 2:
            body = f"{name} called. {body}"
        subjects.append(subject)
        bodies.append(body)
    return {"subject": subjects, "body": bodies}


def _nps(rng, pop: _Population, first_month) -> _Events:
    """Relational NPS each quarter, staggered per customer, ~38% respond (more in the half year
    before they leave: the survey is their chance to say why). Scores follow health and dip in the
    months before a churn, deeper when the pain theme is why the customer leaves, and the comment
    then complains about it more often (Population.complaint)."""
    month = np.arange(MONTHS_IN_WINDOW)[None, :]
    phase = rng.integers(0, 3, len(pop.segment))[:, None]
    alive = (month > pop.signup_month[:, None]) & (month <= pop.last_month[:, None])
    asked = alive & ((month - phase) % 3 == 0)
    run_up = pop.churned[:, None] & (pop.churn_month[:, None] - month < PRE_CHURN_MONTHS)
    cust, month = np.nonzero(asked & (rng.random(asked.shape) < np.where(run_up, 0.6, 0.38)))
    near_churn = pop.churned[cust] & (pop.churn_month[cust] - month <= 3)
    at = _times_in_months(rng, month, first_month)
    leaving = pop.leaving(cust, at)
    score = np.round(rng.normal(8.2 + 1.7 * pop.health[cust] - 0.8 * near_churn - 0.8 * leaving, 1.1))
    complaint = pop.complaint(rng, cust, at)
    praise = pop.praise(rng, cust)
    return _Events(cust, at, "nps", np.clip(score, 0, 10).astype(int), complaint, praise, 0.65)


def _after_tickets(rng, pop: _Population, solved: _Events) -> tuple[_Events, _Events]:
    """CSAT for ~45% of solved tickets and CES for ~12%, sent once the ticket is resolved; their
    comments are about the ticket's theme or the support itself."""
    hours = rng.exponential(RESOLUTION_HOURS[solved.complaint]) + rng.uniform(1, 30, len(solved.cust))
    at = solved.at + (hours * 3600).astype("timedelta64[s]")
    support = np.full(len(at), THEMES.index("support"))
    csat, ces = rng.random(len(at)) < 0.45, rng.random(len(at)) < 0.12
    mean = TICKET_SATISFACTION[solved.complaint] + 0.5 + 0.4 * pop.health[solved.cust]
    csat_score = np.clip(np.round(rng.normal(mean, 0.9)), 1, 5).astype(int)
    ces_score = np.clip(np.round(rng.normal(mean + 1.2, 1.2)), 1, 7).astype(int)
    complaint = np.where(rng.random(len(at)) < 0.7, solved.complaint, support)
    praise = np.where(rng.random(len(at)) < 0.4, support, pop.praise(rng, solved.cust))
    return (
        _Events(solved.cust[csat], at[csat], "csat", csat_score[csat], complaint[csat], praise[csat], 0.3),
        _Events(solved.cust[ces], at[ces], "ces", ces_score[ces], complaint[ces], praise[ces], 0.25))


def _onboarding_ces(rng, pop: _Population) -> _Events:
    """CES two to six weeks after signup, for ~45% of customers who signed up inside the window;
    comments are about onboarding and ease of use (whichever is the customer's pain, if either)."""
    cust = np.flatnonzero((pop.signup_month >= 0) & (rng.random(len(pop.segment)) < 0.45))
    at = pop.signup[cust] + (rng.uniform(14, 45, len(cust)) * 86400).astype("timedelta64[s]")
    score = np.round(rng.normal(5.3 + 0.6 * pop.health[cust] - 0.4 * (pop.segment[cust] == 2), 1.1))
    onboarding = np.where(np.isin(pop.pain[cust], [THEMES.index("onboarding"), THEMES.index("usability")]),
                          pop.pain[cust] == THEMES.index("onboarding"), rng.random(len(cust)) < 0.6)
    complaint, praise = (np.where(onboarding, THEMES.index(a), THEMES.index(b))
                         for a, b in (("onboarding", "usability"), ("usability", "onboarding")))
    return _Events(cust, at, "ces", np.clip(score, 1, 7).astype(int), complaint, praise, 0.25)


def _mood(survey: str, score: np.ndarray) -> np.ndarray:
    """Promoter / passive / detractor, with CSAT 4-5 and CES 6-7 counted as the happy end."""
    happy, ok = {"nps": (9, 7), "csat": (4, 3), "ces": (6, 4)}[survey]
    return np.where(score >= happy, "promoter", np.where(score >= ok, "passive", "detractor"))


def _responses(rng, text, pop: _Population, events: list[_Events], emails: list[str]) -> pd.DataFrame:
    """All surveys in one frame, in time order, inside each customer's life; comments are written
    for a share of them (detractors comment more; customers about to leave list everything that
    is wrong), plus a few hazard texts for the importer."""
    cust = np.concatenate([e.cust for e in events])
    at = np.concatenate([e.at for e in events])
    survey = np.concatenate([np.full(len(e.cust), e.survey) for e in events])
    score = np.concatenate([e.score for e in events])
    mood = np.concatenate([_mood(e.survey, e.score) for e in events])
    complaint = np.concatenate([e.complaint for e in events])
    praise = np.concatenate([e.praise for e in events])
    other = (praise + rng.integers(1, len(THEMES), len(praise))) % len(THEMES)
    praise = np.where(praise == complaint, other, praise)  # no "SSO is great, SSO is missing"
    rate = np.concatenate([np.full(len(e.cust), e.comment_rate) for e in events])
    rate = rate * np.select([mood == "detractor", mood == "promoter"], [1.15, 0.85], 1.0)
    order = np.argsort(at, kind="stable")
    order = order[(at[order] >= pop.signup[cust[order]]) & (at[order] < pop.end[cust[order]])]
    commented = rng.random(len(order)) < rate[order]
    anything = _by_segment(rng, pop.segment[cust[order]], GRIPE_WEIGHTS)
    second = np.where(complaint[order] == pop.gripe[cust[order]], anything, pop.gripe[cust[order]])
    praise2 = pop.praise(rng, cust[order])
    left = (pop.end[cust[order]] - at[order]).astype("timedelta64[D]").astype(int)
    venting = pop.churned[cust[order]] & (left < PRE_CHURN_MONTHS * 30)
    comments = [_comment(text, mood[i], (complaint[i], s), (praise[i], p2), v) if c else ""
                for i, c, s, p2, v in zip(order, commented, second, praise2, venting)]
    critics = np.flatnonzero(commented & (mood[order] == "detractor"))
    hazards = rng.choice(critics, min(len(critics), len(HAZARD_COMMENTS)), replace=False)
    for k, row in enumerate(hazards):
        comments[row] = HAZARD_COMMENTS[k].replace("{email}", emails[cust[order][row]])
    return pd.DataFrame({"response_id": _ids("R-", range(1, len(order) + 1), 6),
                         "customer_id": _ids("C-", cust[order] + 1, 5), "responded_at": _stamp(at[order]),
                         "survey": survey[order], "score": score[order], "comment": comments})


def _comment(text: random.Random, mood: str, complaints: tuple, praises: tuple,
             venting: bool = False) -> str:
    """One comment in a customer's voice: a shape for the mood (promoters mostly praise,
    detractors mostly complain, passives mix both; an unhappy customer about to leave names both
    complaints) filled with fragments of the given themes."""
    if text.random() < 0.08:
        pool = SHORT_PRAISE if mood == "promoter" else SHORT_COMPLAINTS
        theme = THEMES[(praises if mood == "promoter" else complaints)[0]]
        if theme in pool and text.random() < 0.6:
            return text.choice(pool[theme])
        return text.choice(SHORT[mood])
    p, p2 = _two(text, PRAISE, praises, PRAISE_GENERAL)
    n, n2 = _two(text, COMPLAINTS, complaints)
    shape = text.choice(VENTING if venting and mood != "promoter" else SHAPES[mood])
    out = shape.format(
        P=_capital(p), p=p, P2=_capital(p2), p2=p2, N=_capital(n), n=n, N2=_capital(n2), n2=n2,
        C=_fill(text, text.choice(CLOSERS[mood])), G=_fill(text, text.choice(DETAILS["good"])),
        B=_fill(text, text.choice(DETAILS["bad"])))
    lead = {"{P": p, "{N": n}.get(shape[:2], "a")  # "SSO ..." and "Aisha ..." keep their capital
    style, lowercase = text.random(), lead[:1].islower()
    if style < 0.1 and lowercase:
        return text.choice(OPENERS) + out[0].lower() + out[1:]
    if style < 0.22 and lowercase:
        return out[0].lower() + out[1:]
    return out.rstrip(".") if style < 0.32 else out


def _two(text: random.Random, pools: dict, themes: tuple, general: tuple = ()) -> tuple[str, str]:
    """Two fragments from different templates, from the first theme and from the second (or,
    GENERAL_PRAISE_SHARE of the time each, from the general pool)."""
    first, second = (text.choice(general) if general and text.random() < GENERAL_PRAISE_SHARE
                     else text.choice(pools[THEMES[t]]) for t in themes)
    while second == first:
        second = text.choice(pools[text.choice(THEMES)])
    return _fill(text, first), _fill(text, second)


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]
