"""The demo's free text in the language its people would have typed it in.

Coordinators, trainers, mentors and participants of a national cohort write in their country's language
(Latvian, Bulgarian, Greek, Italian); a cohort's name is given in every language of the platform, the
way a coordinator fills in the translations of what they enter (English is the fallback). Lists that a
step picks from with its random generator keep the same length in every language, so the demo's figures
do not depend on the language.
"""

from __future__ import annotations

COUNTRY_LANGUAGE = {"lv": "lv", "bg": "bg", "gr": "el", "it": "it"}
TRANSLATED = ("lv", "bg", "el", "it", "sv")

_COURSE = {
    "lv": "BIBLIO specializācijas kurss — {country} {year}",
    "bg": "Специализиращ курс BIBLIO — {country} {year}",
    "el": "Πρόγραμμα εξειδίκευσης BIBLIO — {country} {year}",
    "it": "Corso di specializzazione BIBLIO — {country} {year}",
    "sv": "BIBLIO-fördjupningskurs — {country} {year}",
}
_COUNTRY = {
    "lv": {"lv": "Latvija", "bg": "Латвия", "el": "Λετονία", "it": "Lettonia", "sv": "Lettland"},
    "bg": {"lv": "Bulgārija", "bg": "България", "el": "Βουλγαρία", "it": "Bulgaria", "sv": "Bulgarien"},
    "gr": {"lv": "Grieķija", "bg": "Гърция", "el": "Ελλάδα", "it": "Grecia", "sv": "Grekland"},
    "it": {"lv": "Itālija", "bg": "Италия", "el": "Ιταλία", "it": "Italia", "sv": "Italien"},
}


def cohort_name_translations(cc: str, year: int) -> dict[str, dict[str, str]]:
    """`Cohort.translations` for a national edition: {"lv": {"name": "…"}, …}."""
    return {
        lang: {"name": _COURSE[lang].format(country=_COUNTRY[cc][lang], year=year)} for lang in TRANSLATED
    }


SESSION_TITLES = {
    # (seminar n, webinar n, webinar on a module)
    "lv": ("Seminārs {n}", "Vebinārs {n}", "Vebinārs: {title}"),
    "bg": ("Семинар {n}", "Уебинар {n}", "Уебинар: {title}"),
    "el": ("Σεμινάριο {n}", "Διαδικτυακό σεμινάριο {n}", "Διαδικτυακό σεμινάριο: {title}"),
    "it": ("Seminario {n}", "Webinar {n}", "Webinar: {title}"),
}

# Blended-mode hour entries: what participants write in "What you did".
NOTES = {
    "lv": {
        "online": [
            "Izlasīju moduļa materiālus un izpildīju testu.",
            "Noskatījos vebināra ierakstu un pierakstīju galveno.",
            "Diskusija forumā par digitālajiem pakalpojumiem.",
            "Pašmācība: citu bibliotēku pieredzes piemēri.",
        ],
        "project": [
            "Kopā ar kolēģiem sagatavoju projekta plāna melnrakstu.",
            "Intervēju bibliotēkas lietotājus par viņu vajadzībām.",
            "Gatavoju projekta prezentāciju.",
        ],
        "assessment": ["Portfolio: uzrakstīju pašrefleksiju.", "Gatavojos moduļa pārbaudījumam."],
    },
    "bg": {
        "online": [
            "Прочетох материалите към модула и направих теста.",
            "Изгледах записа на уебинара и си водих бележки.",
            "Дискусия във форума за дигиталните услуги.",
            "Самоподготовка: добри практики от други библиотеки.",
        ],
        "project": [
            "Подготвих проект на плана заедно с колегите.",
            "Интервюирах читатели на библиотеката за техните нужди.",
            "Подготвих презентацията на проекта.",
        ],
        "assessment": ["Портфолио: написах самооценката си.", "Подготовка за теста по модула."],
    },
    "el": {
        "online": [
            "Μελέτησα το υλικό της ενότητας και έκανα το κουίζ.",
            "Παρακολούθησα τη βιντεοσκόπηση του διαδικτυακού σεμιναρίου και κράτησα σημειώσεις.",
            "Συζήτηση στο φόρουμ για τις ψηφιακές υπηρεσίες.",
            "Αυτοτελής μελέτη: παραδείγματα από άλλες βιβλιοθήκες.",
        ],
        "project": [
            "Συνέταξα το σχέδιο του έργου μαζί με συναδέλφους.",
            "Πήρα συνεντεύξεις από χρήστες της βιβλιοθήκης για τις ανάγκες τους.",
            "Ετοίμασα την παρουσίαση του έργου.",
        ],
        "assessment": [
            "Φάκελος εργασιών: έγραψα τον αναστοχασμό μου.",
            "Προετοιμασία για το τεστ της ενότητας.",
        ],
    },
    "it": {
        "online": [
            "Ho studiato i materiali del modulo e fatto il quiz.",
            "Ho guardato la registrazione del webinar e preso appunti.",
            "Discussione nel forum sui servizi digitali.",
            "Studio individuale: casi di studio di altre biblioteche.",
        ],
        "project": [
            "Ho abbozzato il piano del progetto con i colleghi.",
            "Ho intervistato gli utenti della biblioteca sulle loro esigenze.",
            "Ho preparato la presentazione del progetto.",
        ],
        "assessment": ["Portfolio: ho scritto la riflessione.", "Preparazione per il test del modulo."],
    },
}
REJECTED_ENTRY = {
    "lv": "Lūdzu pievienojiet aprakstu.",
    "bg": "Моля, добавете описание.",
    "el": "Παρακαλώ προσθέστε μια περιγραφή.",
    "it": "Per favore aggiungi una descrizione.",
}
MOTIVATION = {
    "lv": "Es vēlos palīdzēt savai bibliotēkai digitalizēties.",
    "bg": "Искам да помогна на библиотеката си да обслужва общността дигитално.",
    "el": "Θέλω να βοηθήσω τη βιβλιοθήκη μου να εξυπηρετεί την κοινότητα ψηφιακά.",
    "it": "Voglio aiutare la mia biblioteca a servire la comunità anche in digitale.",
}
# Project ideas outside Latvia, in the order of pilot.IDEAS_OTHER's categories.
IDEAS = {
    "bg": [
        "План за социалните мрежи на читателските клубове",
        "Дигитализация на краеведската фотоколекция",
        "Нова страница за събития на сайта на библиотеката",
        "Стратегия за дигиталните умения на библиотечния персонал",
    ],
    "el": [
        "Σχέδιο μέσων κοινωνικής δικτύωσης για τις λέσχες ανάγνωσης",
        "Ψηφιοποίηση της φωτογραφικής συλλογής τοπικής ιστορίας",
        "Νέα σελίδα εκδηλώσεων στον ιστότοπο της βιβλιοθήκης",
        "Στρατηγική ψηφιακών δεξιοτήτων για το προσωπικό της βιβλιοθήκης",
    ],
    "it": [
        "Piano social per i gruppi di lettura della biblioteca",
        "Digitalizzazione dell'archivio fotografico di storia locale",
        "Una nuova pagina eventi per il sito della biblioteca",
        "Una strategia per le competenze digitali del personale",
    ],
}
GOALS = {
    "lv": "Padarīt bibliotēkas pakalpojumus pieejamākus digitālajā vidē.",
    "bg": "Услугите на библиотеката да станат по-достъпни онлайн.",
    "el": "Να γίνουν οι υπηρεσίες της βιβλιοθήκης πιο προσβάσιμες διαδικτυακά.",
    "it": "Rendere i servizi della biblioteca più facili da raggiungere online.",
}
IDEA_RETURNED = {
    "lv": "Lūdzu precizējiet mērķauditoriju.",
    "bg": "Моля, уточнете целевата група.",
    "el": "Παρακαλώ προσδιορίστε πιο συγκεκριμένα το κοινό-στόχο.",
    "it": "Per favore precisa il pubblico di riferimento.",
}
# A project's plan of activities outside Latvia (Latvia's follow each idea's category).
PLAN = {
    "bg": [
        "Анализ на потребностите",
        "План на проекта",
        "Изпълнение",
        "Обобщаване на резултатите",
        "Представяне",
    ],
    "el": ["Ανάλυση αναγκών", "Σχέδιο του έργου", "Υλοποίηση", "Σύνοψη των αποτελεσμάτων", "Παρουσίαση"],
    "it": [
        "Analisi dei bisogni",
        "Piano del progetto",
        "Realizzazione",
        "Sintesi dei risultati",
        "Presentazione",
    ],
}
# Learning materials a trainer adds to every online module: (title, description of a file).
MATERIALS = {
    "lv": [
        "DigComp 2.2: ietvars ar piemēriem",
        "EntreComp: uzņēmējspējas kompetenču ietvars",
        "Moduļa izdales materiāls (PDF)",
        "Vebināra ieraksts un slaidi",
    ],
    "bg": [
        "DigComp 2.2: рамката, с примери",
        "EntreComp: рамката на предприемаческите компетентности",
        "Материали към модула (PDF)",
        "Запис на уебинара и слайдове",
    ],
    "el": [
        "DigComp 2.2: το πλαίσιο, με παραδείγματα",
        "EntreComp: το πλαίσιο ικανοτήτων επιχειρηματικότητας",
        "Σημειώσεις της ενότητας (PDF)",
        "Βιντεοσκόπηση του διαδικτυακού σεμιναρίου και διαφάνειες",
    ],
    "it": [
        "DigComp 2.2: il quadro di riferimento, con esempi",
        "EntreComp: il quadro delle competenze imprenditoriali",
        "Dispensa del modulo (PDF)",
        "Registrazione del webinar e slide",
    ],
}
HANDOUT = {
    "lv": "Moduļa galvenās atziņas, uzdevumi un papildu literatūra.",
    "bg": "Основните идеи на модула, упражнения и допълнителна литература.",
    "el": "Οι βασικές ιδέες της ενότητας, ασκήσεις και πρόσθετη βιβλιογραφία.",
    "it": "I concetti chiave del modulo, esercizi e letture di approfondimento.",
}
# Latvia only (its coordinator, trainer and participants).
WAITLISTED = "Gaidām, kad atbrīvosies vieta."
NOT_CONCRETE = "Projekta ideja vēl nav pietiekami konkrēta."
WAITING_ENTRY = "Pašmācība: lasīju materiālus nākamajam vebināram."
PATH_REASON = "Atbilst projekta idejai, ko aprakstījāt pieteikumā."
REVOKE_REASON = (
    "Izsniegts kļūdas dēļ: darba vidē balstīto mācību stundas bija ievadītas divreiz. "
    "Sekos labots sertifikāts."
)
# Anonymous end-of-course feedback, by the cohort's language (two of six leave no comment).
FEEDBACK = {
    "lv": [
        "Semināri bija ļoti noderīgi, gribētu vairāk praktisko darbu.",
        "Mentora atbalsts mūsu projektam bija izšķirošs.",
        "Tiešsaistes moduļi bija labi strukturēti.",
        "Darba vidē balstītajai daļai vajadzētu vairāk laika.",
        "",
        "",
    ],
    "bg": [
        "Семинарите бяха много полезни, но ми се искаше повече практически задачи.",
        "Подкрепата на ментора беше решаваща за нашия проект.",
        "Онлайн модулите бяха добре структурирани.",
        "Повече време за практиката в библиотеката би помогнало.",
        "",
        "",
    ],
    "el": [
        "Τα σεμινάρια ήταν πολύ χρήσιμα· θα ήθελα περισσότερη πρακτική εξάσκηση.",
        "Η στήριξη του μέντορα έκανε τη διαφορά για το έργο μας.",
        "Οι διαδικτυακές ενότητες ήταν καλά οργανωμένες.",
        "Περισσότερος χρόνος για τη μάθηση στον χώρο εργασίας θα βοηθούσε.",
        "",
        "",
    ],
    "it": [
        "I seminari sono stati molto utili, vorrei più esercitazioni pratiche.",
        "Il supporto del mentore ha fatto la differenza per il nostro progetto.",
        "I moduli online erano ben strutturati.",
        "Servirebbe più tempo per la parte di apprendimento sul lavoro.",
        "",
        "",
    ],
}
