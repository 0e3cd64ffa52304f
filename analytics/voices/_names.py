"""Word lists the masker reads (data, not code): common first names across cultures, first names
that are also ordinary words, capitalised words that are never names, and ordinary English words
among surnames.
"""

# Common first names across cultures (data, not code). Names that are also ordinary words are
# listed in AMBIGUOUS_NAMES below and are masked only after a cue.
FIRST_NAMES = frozenset("""
Aaron Abigail Adam Adrian Aidan Alan Albert Alex Alexander Alexandra Alexis Alice Alicia Alison
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

# First names that are also ordinary words, months, colours or places (part of FIRST_NAMES):
# masked only after a cue ("Hi May,", "spoke to Will") or when given as a customer's name.
AMBIGUOUS_NAMES = frozenset("""
Will Mark Bill Pat Rob Sue Art Guy Max Ray Rich Frank Jack Don Joy Hope Faith Rose Lily
Ivy Iris Olive Ruby Amber Jade Violet Hazel Holly Heather Ginger Summer Autumn Dawn Eve Skye Sky
April May June August Jan Jun Chase Hunter Austin Paris Georgia Jordan Victoria Florence Sydney
Dakota Brooklyn Savannah Virginia Crystal Pearl Coral Sage Angel Christian Precious Mercedes Miles
Wade Gene Carol Sandy Rusty Bob Bud Cliff Dean Earl Duke Major Royal Sterling Lance Page Reed
Rock Stone Price Sunny Star Honey Cherry Daisy Poppy Jasmine Melody Harmony Destiny Trinity Nova
Luna Bella Ada Iman Ren Noor Nur Li Yu Ama Ade Sem Mai Emi Noa Ayu Grant Robin Kim Penny Sally
Peggy Mandy Kate Dale Nick Cole Mason
""".split())
FIRST_NAMES = FIRST_NAMES | AMBIGUOUS_NAMES

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
