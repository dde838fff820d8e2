"""Date formats per language where Django's own are wrong for us (FORMAT_MODULE_PATH): Django reads
`biblio.formats.<lang>.formats` first and falls back to its own module for every name not set here.

- lv: short dates end with a dot and keep two-digit days ("05.02.2026."), as Latvian writes them; the
  long form is Django's ("2026. gada 5. februāris").
- bg, it: no zero-padded day in long dates ("5 февруари 2026", "5 febbraio 2026"); bg also had no
  date-time formats of its own and fell back to the American ones ("Feb. 5, 2026, 2:05 p.m.",
  "02/05/2026").

Month names are words, not formats: Bulgarian and Italian write them in lowercase inside a date, but
Django's catalogues capitalise them. `months` puts them in the project's catalogue, which takes precedence
over Django's (LOCALE_PATHS), with the lowercase forms for bg and it.
"""
