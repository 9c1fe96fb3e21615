"""Fixed vocabularies: names, organisations, locations, catalogues, hosts, prompts."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy
Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna
Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald
Rebecca Jason Laura Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas
Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon
Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank
Janet Raymond Maria Jack Olivia Dennis Heather Jerry Catherine Tyler Diane Aaron Julie Priya
Arjun Ananya Rahul Deepika Vikram Sneha Rohan Kavya Aditya Meera Wei Li Jing Hao Yuki Haruto
Sakura Kenji Mei Chen Fatima Omar Aisha Youssef Leila Hassan Sofia Mateo Lucia Diego Camila
Javier Valentina Lukas Hannah Felix Lena Jonas Mia Noah Chloe Liam Zoe Ethan Ava Lucas Isla
Oliver Freya Amelie Pierre Camille Louis Ines Giulia Marco Chiara Luca Sven Astrid Lars Ingrid
Kwame Ama Kofi Abena Chidi Ngozi Tunde Zainab Thabo Lerato Sipho Nomvula Jose Ana Pedro Beatriz
Ivan Olga Dmitri Anya Pavel Katya Tomasz Zofia Jakub Agnieszka Niamh Sean Aoife Ciaran Siobhan"""
)

LAST_NAMES = _words(
    """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans
Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez
Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks
Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers
Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson
Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds
Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens
Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells
Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon
Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd
Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens
Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Sharma
Singh Gupta Iyer Reddy Nair Kapoor Wang Zhang Liu Yang Huang Zhao Tanaka Suzuki Sato Watanabe
Yamamoto Nakamura Kobayashi Mueller Schneider Fischer Weber Becker Hoffmann Schulz Dubois Moreau
Laurent Bernard Rossi Russo Ferrari Esposito Bianchi Romano Larsen Nielsen Johansson Andersson
Okafor Mensah Adeyemi Nkosi Dlamini Kowalski Nowak Wojcik Ivanov Petrov Smirnov O'Brien O'Connor
McCarthy Byrne Doyle Walsh"""
)

# (organization, {function: weight}, size weight)
ORGANIZATIONS: list[tuple[str, dict[str, float], float]] = [
    ("Cloud Platform", {"Engineering": 0.8, "Product": 0.12, "IT": 0.08}, 1.6),
    ("Consumer Products", {"Engineering": 0.55, "Product": 0.25, "Marketing": 0.2}, 1.3),
    ("Global Sales", {"Sales": 0.85, "Operations": 0.15}, 1.5),
    ("Marketing", {"Marketing": 0.9, "Operations": 0.1}, 0.7),
    ("Finance", {"Finance": 0.9, "Operations": 0.1}, 0.5),
    ("People", {"HR": 0.9, "Operations": 0.1}, 0.4),
    ("Operations", {"Operations": 0.8, "IT": 0.2}, 1.0),
    ("Legal & Compliance", {"Legal": 0.85, "Operations": 0.15}, 0.25),
    ("Customer Success", {"Customer Success": 0.85, "Sales": 0.15}, 1.1),
    ("Corporate IT", {"IT": 0.75, "Engineering": 0.25}, 0.5),
]

FUNCTIONS = [
    "Engineering",
    "Product",
    "IT",
    "Marketing",
    "Sales",
    "Operations",
    "Finance",
    "HR",
    "Legal",
    "Customer Success",
]

# (location, utc offset for xAPI timestamps, weight, city, region, country)
LOCATIONS: list[tuple[str, str, float, str, str, str]] = [
    ("New York", "-04:00", 0.20, "New York", "NY", "US"),
    ("San Francisco", "-07:00", 0.14, "San Francisco", "CA", "US"),
    ("Toronto", "-05:00", 0.07, "Toronto", "ON", "CA"),
    ("London", "Z", 0.15, "London", "England", "GB"),
    ("Berlin", "+01:00", 0.09, "Berlin", "Berlin", "DE"),
    ("Bengaluru", "+05:30", 0.16, "Bengaluru", "Karnataka", "IN"),
    ("Singapore", "+08:00", 0.07, "Singapore", "Singapore", "SG"),
    ("Sao Paulo", "-03:00", 0.06, "Sao Paulo", "SP", "BR"),
    ("Sydney", "+10:00", 0.06, "Sydney", "NSW", "AU"),
]

IC_LEVELS = ["IC1", "IC2", "IC3", "IC4", "IC5"]
IC_LEVEL_WEIGHTS = [0.15, 0.3, 0.3, 0.17, 0.08]
M_LEVELS = ["M1", "M2", "M3"]
M_LEVEL_WEIGHTS = [0.5, 0.35, 0.15]

DOMAIN = "acme.example"
OLD_DOMAIN = "acme-corp.example"
NETBIOS = "ACME"
LMS_HOME = "https://lms.acme.example"
# Moodle (logstore_xapi) writes its own numeric user id in account.name; the
# identity crosswalk (identity_crosswalk/) says who each one is. Both homePages
# are declared in seeds/identity_account_systems.csv.
MOODLE_HOME = "https://moodle.acme.example"
MOODLE_SYSTEM = "moodle"
MOODLE_FIRST_ID = 101

# Non-program learning content per platform: (id, title, provider/university)
COURSERA_NOISE = [
    ("Fx3vH0kQEe2Ylw7XbTqLkA", "Python for Everybody", "University of Michigan"),
    ("N7QzS1bwEeyK8g6mJq4yAw", "Machine Learning", "Stanford University"),
    ("aP2rT9cvEe-lMw0uHk3ZtQ", "Data Science Foundations, Part 1", "IBM"),
    ("bQ8sU0dwEe6JkR1vIl4AuR", "Financial Markets", "Yale University"),
    (
        "cR9tV1exEe7KlS2wJm5BvS",
        "Successful Negotiation: Essential Strategies and Skills",
        "University of Michigan",
    ),
    ("dS0uW2fyEe8LmT3xKn6CwT", "Cloud Computing Basics", "LearnQuest"),
    (
        "eT1vX3gzEe9MnU4yLo7DxU",
        "Project Management Principles and Practices",
        "University of California, Irvine",
    ),
    ("fU2wY4h0Ee0NoV5zMp8EyV", "SQL for Data Science", "University of California, Davis"),
]
UDEMY_NOISE = [
    ("1565838", "The Complete 2026 Web Development Bootcamp", "Development"),
    ("822444", "Excel Skills for Business: Essentials", "Office Productivity"),
    ("2776760", "AWS Certified Cloud Practitioner", "IT & Software"),
    ("1362070", "Agile Crash Course", "Business"),
    ("947098", "Communication Skills for Managers", "Business"),
    ("3142166", "Data Analysis with Pandas and Python", "Development"),
    ("2196488", "Public Speaking Masterclass", "Personal Development"),
]
LINKEDIN_NOISE = [
    ("urn:li:lyndaCourse:2823489", "Excel Essential Training"),
    ("urn:li:lyndaCourse:3119048", "Leading with Emotional Intelligence"),
    ("urn:li:lyndaCourse:2458137", "Project Management Foundations"),
    ("urn:li:lyndaCourse:4475051", "Time Management Fundamentals"),
    ("urn:li:lyndaCourse:5501223", "Learning Python"),
    ("urn:li:lyndaCourse:3867421", "Cybersecurity Awareness"),
]
DEGREED_NOISE = [
    ("ART-88213", "Article", "Harvard Business Review"),
    ("VID-10442", "Video", "TED"),
    ("BK-2291", "Book", "O'Reilly"),
    ("CRS-5530", "Course", "Pluralsight"),
    ("PDC-0193", "Podcast", "McKinsey"),
    ("ART-90117", "Article", "MIT Sloan Management Review"),
]
XAPI_NOISE = [
    "https://learn.acme.example/xapi/activities/security-awareness-2026",
    "https://learn.acme.example/xapi/activities/code-of-conduct",
    "https://learn.acme.example/xapi/activities/data-privacy-basics",
    "https://learn.acme.example/xapi/activities/inclusive-hiring",
]
XAPI_TEAM = "https://learn.acme.example/xapi/activities/team-workshop"

CREDLY_NOISE = [
    ("Salesforce Certified Administrator", "Salesforce"),
    ("Google Cloud Digital Leader", "Google Cloud"),
    ("AWS Certified Cloud Practitioner", "Amazon Web Services"),
    ("Certified ScrumMaster (CSM)", "Scrum Alliance"),
    ("Microsoft Certified: Azure Fundamentals", "Microsoft"),
]
BADGE_NOISE = ["Security Champion", "Data Privacy Steward", "Mentor of the Quarter"]

# Non-AI web hosts: (host, url category, app name, weight)
WEB_HOSTS = [
    ("outlook.office365.com", "Web-based Email", "Outlook", 10),
    ("teams.microsoft.com", "Collaboration", "Microsoft Teams", 9),
    ("www.google.com", "Web Search", "Google Search", 8),
    ("acme.my.salesforce.com", "Business Application", "Salesforce", 5),
    ("acme.slack.com", "Collaboration", "Slack", 7),
    ("zoom.us", "Collaboration", "Zoom", 4),
    ("wd5.myworkday.com", "Business Application", "Workday", 2),
    ("github.com", "Professional Services", "GitHub", 3),
    ("stackoverflow.com", "Professional Services", "Stack Overflow", 2),
    ("www.linkedin.com", "Social Networking", "LinkedIn", 3),
    ("www.youtube.com", "Streaming Media", "YouTube", 3),
    ("news.bbc.co.uk", "News and Media", "BBC", 2),
    ("www.nytimes.com", "News and Media", "New York Times", 1),
    ("docs.python.org", "Professional Services", "General Browsing", 1),
    ("acme.atlassian.net", "Business Application", "Jira", 4),
    ("www.amazon.com", "Online Shopping", "Amazon", 1),
    ("openai.com", "Corporate Marketing", "General Browsing", 1),
    ("mistral.ai", "Corporate Marketing", "General Browsing", 1),
    ("cdn.jsdelivr.net", "Content Server", "General Browsing", 2),
]
BLOCKED_HOSTS = [
    ("www.casino-royal.example", "Gambling", "General Browsing"),
    ("torrent.example", "Peer-to-Peer", "BitTorrent"),
    ("freeproxy.example", "Anonymizer", "General Browsing"),
]
AI_APPNAMES = {
    "m365_copilot": "Microsoft 365 Copilot",
    "copilot_chat": "Microsoft Copilot Chat",
    "github_copilot": "GitHub Copilot",
    "chatgpt_enterprise": "ChatGPT",
    "claude_enterprise": "Claude",
    "glean": "Glean",
    "cursor_business": "Cursor",
    "chatgpt_consumer": "ChatGPT",
    "claude_consumer": "Claude",
    "gemini_consumer": "Google Gemini",
    "perplexity_consumer": "Perplexity",
    "deepseek_consumer": "DeepSeek",
    "mistral_consumer": "Mistral Le Chat",
    "copilot_consumer": "Microsoft Copilot",
    "poe_consumer": "Poe",
}
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
]
OKTA_APPS = [
    ("Workday", 3),
    ("Salesforce", 4),
    ("Slack", 6),
    ("Zoom", 4),
    ("Microsoft Office 365", 8),
    ("Atlassian Cloud", 4),
    ("Box", 2),
    ("ServiceNow", 2),
    ("Concur", 1),
]

_VERBS = [
    "Summarize",
    "Rewrite",
    "Draft",
    "Explain",
    "Translate",
    "Review",
    "Outline",
    "Shorten",
    "Compare",
    "List the risks in",
]
_OBJECTS = [
    "the Q3 board deck for the sales team",
    "this customer escalation email",
    "the onboarding checklist for new hires",
    "the vendor contract renewal terms",
    "a status update for the steering committee",
    "this SQL query that joins orders and refunds",
    "the incident postmortem for the checkout outage",
    "meeting notes from the pricing workshop",
    "a job description for a data analyst",
    "the release notes for version 4.2",
    "a polite reply declining the invitation",
    "the budget variance for the marketing campaign",
]
_TAILS = [
    "",
    " in three bullet points",
    " for a non-technical audience",
    " in a friendly tone",
    " in under 100 words",
    " and suggest next steps",
]
PROMPTS = [f"{v} {o}{t}" for v in _VERBS for o in _OBJECTS for t in _TAILS]
