# English pages write the day first, with the month in words ("3 December 2026"), never "12/03/2026", which
# half the English-speaking world reads as 12 March. Django's English formats are American.
from __future__ import annotations

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
