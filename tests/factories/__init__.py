from .cohorts import (  # noqa: F401
    CohortFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
    add_member,
)
