# Bulgarian: "5 февруари 2026" (no zero-padded day in the long form; the month's lowercase name comes
# from the catalogue, see biblio/formats/months.py). Django's bg module has no date-time formats, so
# it fell back to the American "Feb. 5, 2026, 2:05 p.m." and "02/05/2026 2:05 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
