"""Permission predicates for meetings; objects carry ``cohort_id`` (the meeting's cohort)."""

import rules

from cohorts.rules import is_coordinator, is_member, is_superuser

# Members of the meeting's cohort (any role) may register and sign up for sessions.
can_register = is_member | is_superuser
can_manage = is_coordinator | is_superuser

rules.add_perm("events.register", can_register)
rules.add_perm("events.manage_meeting", can_manage)
