# Dates as the language writes them ("2. september 2026"): no leading zero, the month in the
# form a date takes (genitive where the language declines it; lower case where it does not
# capitalise month names; the names themselves are in kohorta/dates.py's catalogue
# entries). Django's own formats for this locale have a leading zero, a nominative or
# a capitalised month, or an English-style order.
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
