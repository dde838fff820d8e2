# Italian: "5 febbraio 2026" (no zero-padded day in the long form; the month's lowercase name comes
# from the catalogue, see biblio/formats/months.py).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y H:i"
