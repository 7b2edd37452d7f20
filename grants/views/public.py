from django.shortcuts import get_object_or_404, render

from cohorts.models import Programme

from .. import selectors


def funded_projects(request, slug):
    """Public list of a programme's funded projects with their milestones."""
    programme = get_object_or_404(Programme, slug=slug)
    return render(
        request,
        "grants/funded.html",
        {"programme": programme, "awards": selectors.funded_projects(programme)},
    )
