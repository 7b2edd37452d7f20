import pytest

from cohorts.enums import Role
from grants.enums import ProposalState
from tests.factories.cohorts import CohortFactory, add_member
from tests.factories.grants import ProposalFactory, coordinator_of, juror_of, make_call


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def call(cohort):
    return make_call(cohort)


@pytest.fixture
def coordinator(cohort):
    return coordinator_of(cohort, full_name="Cora Coordinator")


@pytest.fixture
def juror(cohort):
    return juror_of(
        cohort, full_name="Jules Juror", organisation="Vienna Public Libraries", country="AT"
    )


@pytest.fixture
def innovator(cohort):
    return add_member(
        cohort,
        Role.INNOVATOR,
        full_name="Ivana Innovator",
        organisation="Rijeka Public Library",
        country="HR",
    )


@pytest.fixture
def proposal(call, innovator):
    return ProposalFactory(call=call, applicant=innovator, title="Seed Library")


@pytest.fixture
def in_review(call, innovator):
    return ProposalFactory(
        call=call, applicant=innovator, title="Seed Library", state=ProposalState.IN_REVIEW
    )


# Until this branch meets the foundation's newer pyproject.toml (which ignores it globally):
# forms of Wagtail build URLFields without assume_scheme when the admin URLs load.
_URLFIELD_WARNING = pytest.mark.filterwarnings(
    "ignore:The default scheme will be changed:django.utils.deprecation.RemovedInDjango60Warning"
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/grants/" in str(item.path).replace("\\", "/"):
            item.add_marker(_URLFIELD_WARNING)


@pytest.fixture(autouse=True)
def _whitenoise_without_collectstatic(settings):
    """As the foundation's newer test settings do: serve static files from the finders."""
    settings.WHITENOISE_AUTOREFRESH = True
