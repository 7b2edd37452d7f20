# Dates as the language writes them ("2 септември 2026 г."): no leading zero, the month in the
# form a date takes (genitive where the language declines it; lower case where it does not
# capitalise month names; the names themselves are in kohorta/dates.py's catalogue
# entries). Django's own formats for this locale have a leading zero, a nominative or
# a capitalised month, or an English-style order.
DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y г."
SHORT_DATE_FORMAT = "j.n.Y г."
SHORT_DATETIME_FORMAT = "j.n.Y г. H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
# Thousands grouped with a no-break space ("12 345,5"), as the language writes them.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
