"""The people and objects every trust test acts on: two cohorts, one person per role.

Cohort A (``world.cohort``) is the one under test; cohort B (``world.other_cohort``) holds
the "other cohort" people and the objects whose ids an outsider tries (IDOR). Each person's
name and e-mail are unique markers, so a test can tell whether a page leaked them.
"""

from dataclasses import dataclass, field

from cohorts.enums import Role
from tests.factories.cohorts import CohortFactory, UserFactory, add_member, assign_mentor

ANONYMOUS = "anonymous"
INNOVATOR = "innovator"
OTHER_INNOVATOR = "other_innovator"  # an innovator of cohort B
MENTOR = "mentor"  # mentors INNOVATOR in A
OTHER_MENTOR = "other_mentor"  # a mentor in A with other mentees
AMBASSADOR = "ambassador"  # ambassador in A for Serbia; INNOVATOR is from North Macedonia
JUROR = "juror"
OBSERVER = "observer"  # reads cohort A's dashboards, rankings and lists; changes nothing
OTHER_COORDINATOR = "other_coordinator"  # coordinates B only
COORDINATOR = "coordinator"  # coordinates A
STAFF = "staff"  # superuser, Wagtail admin

ROLES = (
    ANONYMOUS,
    INNOVATOR,
    OTHER_INNOVATOR,
    MENTOR,
    OTHER_MENTOR,
    AMBASSADOR,
    JUROR,
    OBSERVER,
    OTHER_COORDINATOR,
    COORDINATOR,
    STAFF,
)
# Roles that act on cohort A / on cohort B only.
A_ROLES = {INNOVATOR, MENTOR, OTHER_MENTOR, AMBASSADOR, JUROR, OBSERVER, COORDINATOR}
B_ROLES = {OTHER_INNOVATOR, OTHER_COORDINATOR}


@dataclass
class World:
    cohort: object
    other_cohort: object
    people: dict = field(default_factory=dict)  # role or extra key -> User
    a_people: set = field(default_factory=set)  # keys of people only in cohort A
    b_people: set = field(default_factory=set)  # keys of people only in cohort B
    objects: dict = field(default_factory=dict)  # name -> object (apps add theirs)

    def user(self, key):
        return self.people.get(key)

    def markers(self, key):
        person = self.people[key]
        return [person.full_name, person.email]


def build_world():
    cohort = CohortFactory(name="Cohort Alpha")
    other = CohortFactory(name="Cohort Beta")

    def person(key, tag, **fields):
        return UserFactory(
            full_name=f"Qx{tag} Person", email=f"qx{tag.lower()}@example.org", **fields
        )

    world = World(cohort=cohort, other_cohort=other)
    p = world.people
    p[INNOVATOR] = add_member(cohort, Role.INNOVATOR, person(INNOVATOR, "Innov", country="MK"))
    p["innovator_rs"] = add_member(cohort, Role.INNOVATOR, person("x", "Serbinnov", country="RS"))
    p["mentee_2"] = add_member(cohort, Role.INNOVATOR, person("x", "Menteetwo", country="HR"))
    p[MENTOR] = add_member(cohort, Role.MENTOR, person(MENTOR, "Mentor"))
    p[OTHER_MENTOR] = add_member(cohort, Role.MENTOR, person(OTHER_MENTOR, "Othermentor"))
    ambassador = person(AMBASSADOR, "Ambassador", country="RS")
    p[AMBASSADOR] = add_member(cohort, Role.AMBASSADOR, ambassador)
    p[JUROR] = add_member(cohort, Role.JURY, person(JUROR, "Juror"))
    p[OBSERVER] = add_member(cohort, Role.OBSERVER, person(OBSERVER, "Observer"))
    p[COORDINATOR] = add_member(cohort, Role.COORDINATOR, person(COORDINATOR, "Coord"))
    p[OTHER_INNOVATOR] = add_member(other, Role.INNOVATOR, person("x", "Otherinnov"))
    p["other_mentor_b"] = add_member(other, Role.MENTOR, person("x", "Bmentor"))
    p[OTHER_COORDINATOR] = add_member(other, Role.COORDINATOR, person("x", "Othercoord"))
    p[STAFF] = person(STAFF, "Staff", is_staff=True, is_superuser=True)
    assign_mentor(cohort, p[MENTOR], p[INNOVATOR])
    assign_mentor(cohort, p[OTHER_MENTOR], p["mentee_2"])
    assign_mentor(other, p["other_mentor_b"], p[OTHER_INNOVATOR])
    world.a_people = {
        INNOVATOR,
        "innovator_rs",
        "mentee_2",
        MENTOR,
        OTHER_MENTOR,
        AMBASSADOR,
        JUROR,
        OBSERVER,
        COORDINATOR,
    }
    world.b_people = {OTHER_INNOVATOR, "other_mentor_b", OTHER_COORDINATOR}
    return world
