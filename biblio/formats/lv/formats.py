# Latvian short dates: two-digit day and month, and a dot after the year ("05.02.2026.", as Latvian
# documents write them). Django's own lv module writes "5.02.2026"; its long forms are right and stay.
SHORT_DATE_FORMAT = r"d.m.Y."
SHORT_DATETIME_FORMAT = r"d.m.Y. H:i"
# What we show is also what a form accepts (ISO first, as Django's lv module has it).
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-02-05'
    "%d.%m.%Y.",  # '05.02.2026.'
    "%d.%m.%Y",  # '05.02.2026'
    "%d.%m.%y",  # '05.02.26'
]
