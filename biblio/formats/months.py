"""The month names of `django.utils.dates` (MONTHS, the `F` format; MONTHS_ALT, the `E` format), with the
same message ids and contexts, so that makemessages keeps them in the project's catalogue, whose
translations take precedence over Django's: there bg and it write them in lowercase ("12 февруари 2026",
"12 febbraio 2026"); lv, el and sv keep Django's words. Nothing imports this module: it exists to be
extracted."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
MONTHS_ALT = (  # the form a date uses where the language inflects it (Greek: genitive)
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
