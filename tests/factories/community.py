from community import services
from community.enums import ThreadKind
from community.models import Thread


def make_thread(cohort, *, title="A thread", kind=ThreadKind.GENERAL):
    return Thread.objects.create(cohort=cohort, kind=kind, title=title)


def post(thread, author, body="Hello"):
    return services.add_post(thread=thread, body=body, by=author)
