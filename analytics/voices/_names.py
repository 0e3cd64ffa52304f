"""Word lists the masker reads: first names and surnames, first names that are also ordinary words,
capitalised words that are never names, and ordinary English words among surnames.

The name lists come from Faker's person providers (MIT licence, released monthly): the first and
last names of its Latin-script locales (all but the noisy "en" register) plus the romanised Chinese and Japanese ones, about
21,000 first names and 21,000 surnames gathered from national statistics offices and census
lists. `MORE_FIRST_NAMES` adds short forms and names from cultures Faker does not cover.

A listed first name is masked wherever it is capitalised unless it is also an ordinary word
(`AMBIGUOUS_NAMES`): its lower case is one of the 971 common English words of Faker's en_US lorem
list, only one of Faker's locales lists it (outside en_US and en_GB: "Made", "Lage", "Sad" and
"Phoenix" are names in one country and words in many; "Sebastião" and "Małgorzata" are no
English words and stay names), or it is in the hand list below; names
under three letters count as ambiguous too. (Other
languages' word lists make Tom, Dan and Andre ambiguous: "tom" is Danish for empty.) Ambiguous first names
and listed surnames are masked only after a cue ("Thanks Grace", "Johnson in billing said").
"""

import importlib
import pkgutil

import faker.providers.lorem
import faker.providers.person

_FIRST_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
                     "first_romanized_names")
_LAST_ATTRIBUTES = ("last_names", "last_romanized_names")
# "en" is the whole US baby-name register (6,800 names with London, King, Unique, Berlin): far
# more place names and words than names people are called in a review or a ticket.
_NOISY_LOCALES = ("en",)
_LOREM_LOCALES = ("en_US",)
_ENGLISH_LOCALES = ("en_US", "en_GB")


def _latin(word: str) -> bool:
    return bool(word) and all(c < "\u0250" for c in word if c.isalpha())


def _words(values) -> set[str]:
    try:
        return {w for w in values if isinstance(w, str) and _latin(w) and w[:1].isupper()}
    except TypeError:  # an attribute that is a property on the class, not a list
        return set()


def _faker_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames, and the first names only one locale lists (outside en_US and en_GB):
    those are often words elsewhere (Made, Lage, Sad, Comfort, Phoenix) and count as ambiguous."""
    first, last, seen = set(), set(), {}
    for module in pkgutil.iter_modules(faker.providers.person.__path__):
        if module.name in _NOISY_LOCALES:
            continue
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        here = set()
        for attribute in _FIRST_ATTRIBUTES:
            here |= _words(getattr(provider, attribute, ()))
        for attribute in _LAST_ATTRIBUTES:
            last |= _words(getattr(provider, attribute, ()))
        first |= here
        for name in here:
            seen[name] = 2 if module.name in _ENGLISH_LOCALES else seen.get(name, 0) + 1
    return frozenset(first), frozenset(last), frozenset(n for n, count in seen.items() if count < 2)


def _common_words() -> frozenset[str]:
    words = set()
    for locale in _LOREM_LOCALES:
        provider = importlib.import_module(f"faker.providers.lorem.{locale}").Provider
        words |= {w.lower() for w in provider.word_list}
    return frozenset(words)


# Names from cultures Faker's lists miss, and common short forms.
MORE_FIRST_NAMES = frozenset("""
Matt Isla Aaron Abigail Adam Adrian Aidan Alan Albert Alex Alexander Alexandra Alexis Alice Alicia Alison
Amanda Amy Andrea Andrew Angela Anna Anne Anthony Ashley Austin Barbara Benjamin Beth Betty Brandon
Brenda Brian Brittany Brooke Bruce Caleb Cameron Carl Carlos Caroline Catherine Charles Charlie
Charlotte Chloe Chris Christina Christine Christopher Cindy Claire Colin Connor Craig Cynthia Daniel
Danielle Dan Darren Dave David Deborah Debbie Dennis Derek Diana Diane Donald Donna Dorothy Douglas
Dylan Edward Elaine Eleanor Elena Elizabeth Ellen Emily Emma Eric Erin Ethan Evan Evelyn Gary Gavin
George Gerald Gloria Gordon Gregory Hannah Harold Harry Heidi Helen Henry Howard Ian Isaac Isabella
Jacob Jacqueline James Jamie Janet Janice Jason Jeffrey Jennifer Jeremy Jerry Jesse Jessica Joan
Joe Joel John Johnny Jonathan Jonas Jose Joseph Joshua Joyce Judith Judy Julia Julie Justin Karen
Katherine Kathleen Kathryn Kathy Katie Kayla Keith Kelly Kenneth Kevin Kimberly Kyle Larry Laura
Lauren Leah Linda Lisa Logan Lori Louis Lucas Lucy Luke Madison Margaret Maria Marie Marilyn Mary
Matthew Megan Melissa Michael Michelle Mike Molly Nancy Natalie Nathan Nathaniel Nicholas Nicole Noah
Oliver Olivia Owen Pamela Patricia Patrick Paul Peter Philip Phillip Rachel Ralph Randy Rebecca
Richard Robert Roger Ronald Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Shannon
Sharon Shirley Simon Sophia Sophie Stephanie Stephen Steve Steven Susan Tammy Teresa Theresa Thomas
Timothy Tina Todd Tom Tony Tracy Travis Trevor Tyler Valerie Vanessa Victor Vincent Walter Wayne
Wendy William Zachary Zoe Zoey Grace Beth Marcus Andre Jordan Kevin Hunter Chase Tracey Kristen Kirsten
Aoife Niamh Siobhan Siobhán Ciaran Cian Saoirse Sinead Sinéad Declan Eoin Padraig Orla Ronan
Amélie Amelie Chloé Léa Lea François Francois Élodie Elodie Camille Mathieu Julien Pierre Antoine
Céline Celine Margaux Manon Théo Theo Hugo Louise Inès Ines Clément Clement Baptiste Aurélie
Lukas Jörg Jorg Stefan Anja Björn Bjorn Ingrid Kasper Pieter Jan Sven Lars Nils Erik Astrid Freya
Johannes Jürgen Jurgen Klaus Wolfgang Uwe Dieter Katrin Petra Ute Monika Sabine Tobias Felix Leon
Finn Maximilian Moritz Niklas Jonas Lena Mia Hanna Greta Frieda Matthias Florian Sebastian Thorsten
Matteo Giulia Francesca Alessandro Lorenzo Giuseppe Giovanni Marco Luca Chiara Federica Paolo
Stefano Valentina Elisa Martina Sofia Sofía Aisha Ayesha Omar Yusuf Fatima Fatma Mohammed Mohamed
Muhammad Ahmed Ahmad Ali Hassan Hussein Karim Khalid Layla Leila Mariam Maryam Noor Nour Rania
Samir Tariq Youssef Zainab Zeynep Emre Mehmet Mustafa Elif Burak Hakan Selin Ayşe Ayse Reza Dariush
Parisa Shirin Navid Arash Priya Arjun Rahul Ravi Vikram Ananya Aditi Kavya Anil Sunil Deepak Pooja
Neha Sanjay Rajesh Suresh Ramesh Anjali Divya Kiran Lakshmi Meera Nikhil Rohan Rohit Sanjana Shreya
Vijay Amit Anita Sunita Harpreet Gurpreet Manpreet Wei Mei Li Jun Ling Ming Xin Yan Ying Hui Jing
Xiaoming Zhang Hao Lei Yu Chen Hiroshi Yuki Kenji Sakura Takeshi Haruto Yuto Aiko Akiko Haruka Yui
Kaito Ren Sota Daiki Satoshi Naoko Keiko Tomoko Hyun-woo Ji-yeon Min-jun Seo-yeon Ji-ho Ji-woo
Minh Linh Thanh Huong Tuan Anh Siti Nur Putri Agus Budi Dewi Wayan Rizal Ayu José Maria María João
Ana Sebastián Camila Luis Diego Lucía Lucia Mateo Fernanda Andrés Andres Isabela Isabel Rafael
Gabriela Pedro Mariana Tomás Tomas Paula Joaquín Joaquin Renata Bruno Carmen Javier Alejandro
Alejandra Juan Miguel Carolina Daniela Ricardo Fernando Eduardo Gustavo Marcelo Rodrigo Felipe
Thiago Tiago Leonardo Beatriz Larissa Letícia Leticia Vitória Guilherme Gonçalo Inês Raquel Pilar
Rocío Rocio Jorge Manuel Francisco Antonio Santiago Valeria Ximena Emeka Chinedu Ngozi Chiamaka
Oluwaseun Tunde Ade Adebayo Folake Kwame Kofi Ama Abena Amara Zuri Wanjiru Wanjiku Kamau Otieno
Thabo Sipho Lerato Nomvula Tendai Fiona Agnieszka Katarzyna Małgorzata Malgorzata Piotr Tomasz
Krzysztof Paweł Pawel Magdalena Ewa Jakub Marek Ivan Olga Natalia Natasha Dmitri Dmitry Sergei
Sergey Svetlana Tatiana Irina Yulia Alexei Andrei Mikhail Pavel Nikolai Oksana Vladimir Petr Jana
Tereza Lucie Ondřej Ondrej Eva Zuzana Milan Nikola Marija Ivana Dragan Goran Ioana Andreea Mihai
Bogdan Elena Dimitris Giorgos Maria Eleni Katerina Nikos Yannis Kostas Freja Mette Sanne Daan Sem
Bram Femke Lotte Ingrid Sigrid Henrik Magnus Anders Mikael Johan Oskar Elsa Maja Linnea Ebba Aino
Mikko Jukka Antti Sanna Leena Tuomas Eetu Helmi Noa Yosef Avi Tamar Yael Shira Noam Eitan
Nadia Sana Hamza Bilal Imran Asif Farah Hira Zara Zoë Zoé Ryo Hina Emi Mai Kenta
Nicolás Nicolas Martín Martin Agustín Agustin Facundo Lautaro Florencia Micaela Ignacio Benjamín
Brianna Brendan Tamara Tiffany Courtney Kristin Kristina Kristy Erica Erika Monica Veronica Jenna
Jenny Jill Jillian Kelsey Kendra Kara Kari Krista Lindsay Lindsey Mallory Marissa Melanie Miranda
Paige Whitney Bethany Bianca Cassandra Casey Cheyenne Dana Darlene Deanna Denise Devin Dominique
Felicia Gina Gretchen Jacquelyn Jaclyn Jocelyn Kaitlyn Katelyn Leslie Mackenzie Meghan Morgan
Priscilla Regina Rhonda Selena Shelby Stacy Stacey Tara Taylor Tonya Vicki Yolanda Alec Andy Angelo
Barry Ben Benny Bobby Brad Bradley Brett Bryan Bryce Calvin Chad Clayton Cody Cole Corey Cory Curtis
Dale Dalton Damon Danny Darius Darrell Darryl Dustin Eddie Edgar Eli Elijah Elliot Emmanuel Ernest
Garrett Glenn Greg Gregg Hector Isaiah Jake Jared Jeff Jeffery Jerome Jimmy Joey Jon Josh Julian
Kirk Kurt Leonard Levi Lonnie Malik Marc Mario Marvin Mason Micheal Mitchell Neil Nick Nolan Oscar
Perry Preston Raymond Reginald Rick Ricky Rodney Roy Ruben Sam Seth Shane Shawn Spencer Stanley
Terrance Terry Tommy Troy Tucker Vernon Wesley Zach Abby Allison Audrey Autumn Caitlin Carly Carrie
Cassidy Claudia Colleen Dawn Ellie Gabrielle Haley Hailey Hayley Jade Kate Kim Kristi Lacey Lydia
Mandy Marcia Maureen Nora Norma Peggy Penny Sally Sheila Sonia Stella Tanya Trisha Vivian Yvonne
""".split())

# First names that are also ordinary words, months, colours or places, beyond what the word lists
# catch: masked only after a cue ("Hi May,", "spoke to Will") or when given as a customer's name.
_HAND_AMBIGUOUS = frozenset("""
Will Mark Bill Pat Rob Sue Art Guy Max Ray Rich Frank Jack Don Joy Hope Faith Rose Lily
Ivy Iris Olive Ruby Amber Jade Violet Hazel Holly Heather Ginger Summer Autumn Dawn Eve Skye Sky
April May June August Jan Jun Chase Hunter Austin Paris Georgia Jordan Victoria Florence Sydney
Dakota Brooklyn Savannah Virginia Crystal Pearl Coral Sage Angel Christian Precious Mercedes Miles
Wade Gene Carol Sandy Rusty Bob Bud Cliff Dean Earl Duke Major Royal Sterling Lance Page Reed
Rock Stone Price Sunny Star Honey Cherry Daisy Poppy Jasmine Melody Harmony Destiny Trinity Nova
Luna Bella Ada Iman Ren Noor Nur Li Yu Ama Ade Sem Mai Emi Noa Ayu Grant Robin Kim Penny Sally
Peggy Mandy Dale Nick Cole Mason Said Junior Lucky India Prima Theres
""".split())
# Capitalised words that are never names here: calendar words, departments, product and CX words.
NOT_NAMES = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun
January February March April May June July August September October November December Jan Feb Mar
Apr Jun Jul Aug Sep Sept Oct Nov Dec Today Tomorrow Yesterday Christmas Easter
Billing Support Sales Finance Legal Security Product Engineering Team Teams Success Customer
Customers Account Accounts Admin Marketing Ops Operations Procurement Management Manager Managers
Onboarding Pricing Price Invoice Invoices Refund Refunds Renewal Plan Plans Starter Growth Pro
Enterprise Premium Basic Free Trial Dashboard Dashboards Report Reports Export Exports Import
Excel Sheets Slack Salesforce HubSpot Zendesk Jira Okta QuickBooks Shopify Intercom Xero Zapier
Looker Microsoft Google Apple Amazon Gainsight Freshdesk Android Windows Mac Chrome Safari Outlook
Gmail Office Zoom Teams Notion Trello Asana Stripe PayPal Visa Mastercard Retailer Company
Hi Hello Hey Dear Thanks Thank Cheers Regards Best Kind Sincerely Please Sorry Yes No Ok Okay
The A An And But Or So If We Our Us You Your It Its This That These Those They Their There Here
Not Also Still Just Only Very Really Great Good Love Loved Nice Bad Poor New Old All Any Every
Some Most More Less Overall Otherwise However Honestly Anyway Team Everyone Everybody All Folks
Guys Sir Madam Mr Mrs Ms Miss Dr What When Where Why How Who Which Whose Can Could Would
Should Do Does Did Is Are Was Were Be Been Have Has Had My Me Mine He She His Her Him Hers They
Them I Let Lets Oh Wow Well Now Then Once First Last Next Another Other Each Both Either Neither
After Before During Since Until While As Because Although Though Even Yet Here Note Update
Updated Added Improved Fixed Removed Check Open Close Add Edit Delete Save Send Go Get See Try Use
Posted Sent Re Fwd Subject From To Cc Date Sent Support Helpdesk Service Services Agent Agents Staff Person
Called Call Calls Email Emails Phone Chat Ticket Tickets Issue Issues Problem Problems Help
Fix Fixed Bug Bugs Feature Features Update Updates Release Version App Apps Web Website Mobile
API SSO SAML SCIM IT HR CSM QBR US USA UK EU EMEA APAC LATAM Europe America Asia North South East
West Central Street Road Avenue Way Store Shop Online Customer Service Care Size Small Medium Large
Petite Regular Tall Plus XS XL XXL Dress Dresses Top Tops Jeans Pants Skirt Shirt Sweater Jacket
Coat Blouse Color Colour Fabric Quality Fit Red Blue Yellow Pink Purple Orange Navy Cream Beige
Ivory Denim Cotton Silk Wool Linen Lace
""".split())

_FAKER_FIRST, _FAKER_LAST, _ONE_LOCALE = _faker_names()
SURNAMES = _FAKER_LAST - NOT_NAMES
_COMMON = _common_words()
# A word that is never a name here ("I", "He", "Will" is not among them) is no first name either.
FIRST_NAMES = (_FAKER_FIRST | MORE_FIRST_NAMES | _HAND_AMBIGUOUS) - (NOT_NAMES - _HAND_AMBIGUOUS)
AMBIGUOUS_NAMES = _HAND_AMBIGUOUS | frozenset(
    name for name in FIRST_NAMES - MORE_FIRST_NAMES
    if len(name) < 3 or name.lower() in _COMMON or (name in _ONE_LOCALE and name.isascii()))


# Ordinary English words among surnames and first names: from `names` they are masked only after
# a cue or next to another part of the name (a customer called "Tom Green" does not mask "Green").
ORDINARY_WORDS = AMBIGUOUS_NAMES | frozenset("""
Green White Brown Black Young King Park Long Little Small Case Cash Bell Hill Wood Field Ward Hall
Banks Lane Street Day Fox Wolf Bird Cook Baker Turner Walker Carter Parker Hunter Fisher Mason Cole
Rice Snow Frost Love Law Nash Gay Sharp Bright Swift Strong Wise Best Good Hope Joy Rich Moody
Costa Lee Ho Tan Lim Ng Kim Cho Chan Song Wing Mills Burns Shield Shields Reed Marsh Moss Booth
Bond Bush Fry Knight Page Power Rose Salt Sun Summer Winter Spring North South East West Gray Grey
Gold Silver
""".split())
