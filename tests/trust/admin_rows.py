"""The admin part of the access matrix: rows generated from Wagtail's own URL patterns and
registries, so that every admin view of a Kohorta model is tried by the coordinator of the
*other* cohort with cohort A's ids, GET and POST.

Where the rows come from (``generate``):
- viewsets: every URL pattern under ``/admin/`` whose view Wagtail built for a Kohorta model
  (snippets and their choosers, ``ModelViewSet``s, the user viewset: the view's
  ``view_initkwargs["model"]``), tried with cohort A's instance of the model;
- bulk actions: every action in Wagtail's ``bulk_action_registry`` for a Kohorta model, and
  the page actions (``wagtailcore.page``) for every Kohorta page type, with ``?id=<pk>`` and
  with ``?id=all``;
- page actions: every admin URL pattern that takes a page (``page_id``, ``parent_page_id``,
  ``page_to_move_id``, ...) or a page type, for one page of every Kohorta page type;
- model-generic views: every admin URL pattern that takes an app label and a model name
  (editing sessions, wagtail-localize's snippet views, tag autocomplete, settings), for
  every Kohorta admin model but pages (the page rows cover those).
Cohort A's instances come from the ``ADMIN_MODELS`` of the ``matrix_<app>`` modules (built
by their ``extend_world``). A pattern the generator cannot fill (a model without an
``ADMIN_MODELS`` entry, a URL argument it does not know) is reported by
``test_every_admin_view_has_generated_rows``: a new admin view cannot go untried.

What a row checks, for every model it is tried with and every role that must be kept out
(OTHER_COORDINATOR always; COORDINATOR too when only staff manage the model, but for pages:
coordinators hold no page permission, Wagtail treats both alike):
- a view of one object (its id in the URL, a bulk action on it) answers 403, 404, 405 or a
  redirect: never 200, never a 500 (an exception counts as a 500); a page view may answer
  200 if it shows nothing of the page (Wagtail answers some page dialogs to every editor);
- a listing or an empty form of a model coordinators manage may answer 200, but must show
  neither cohort A's object (its name, its admin edit URL) nor cohort A's people; a
  staff-only model's listings are refused like its objects;
- afterwards cohort A's object is unchanged (its database row and many-to-many links; a
  deleted object counts as changed) and the model's table holds as many rows as before.
POST sends plausible form data: the object's current values with one text (or, failing
that, one choice) changed, so an edit that went through would show.

``own_rows`` are the sanity side: cohort A's coordinator (staff, for a staff-only model)
opens their own object's edit view and gets 200 showing it, so the rows above cannot pass
merely because everything answers 404.
"""

import datetime
import json
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from .matrix import KOHORTA_APPS, all_admin_models
from .world import COORDINATOR, OTHER_COORDINATOR, STAFF

# URL arguments that name a page (a few patterns call it "pk").
PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
PAGE_PK_PATTERNS = ("wagtailadmin_api:pages:", "wagtailadmin_pages:revisions_compare")
PAGE_TYPE_KWARGS = {"content_type_app_name", "content_type_model_name"}
MODEL_KWARGS = {"app_label", "app_name", "model_name"}
OBJECT_KWARGS = {"pk", "object_id"}
# Ids of things the world has none of (workflow states, tasks, editing sessions): the view
# must refuse the person before it looks for them.
NO_SUCH_ID = 999999
OTHER_KWARGS = {
    "revision_id",
    "revision_id_a",
    "revision_id_b",
    "destination_id",
    "action_name",
    "task_state_id",
    "task_id",
    "workflow_state_id",
    "session_id",
    "workflow_pk",
}
KNOWN_KWARGS = PAGE_KWARGS | PAGE_TYPE_KWARGS | MODEL_KWARGS | OBJECT_KWARGS | OTHER_KWARGS
# A page view may answer 200 if the page shows nothing of the page: Wagtail's page admin
# answers some dialogs (choosing a parent, cancelling a workflow) to every editor, and pages
# belong to no cohort (but meetings). Every other view of one object must refuse.
# Admin URL patterns that take a model or a page type, but never a Kohorta one.
NOT_KOHORTA = {
    "wagtailadmin_workflows:add_task": "creates workflow tasks: its model is a Task type",
}
REFUSED = (403, 404, 405)


@dataclass(frozen=True)
class AdminRow:
    id: str  # the test id: "GET wagtailsnippets_events_room:delete"
    name: str  # the URL name (test_every_url_pattern_has_a_row counts it as covered)
    method: str
    kind: str  # "object": refused whatever the model; "collection": may list own objects;
    # "page": refused, or a 200 that shows nothing of the page
    targets: tuple  # model labels of ADMIN_MODELS it is tried with
    url_name: str = ""
    kwargs: tuple = ()  # the pattern's argument names
    query: str = ""  # "id": ?id=<pk>; "all": ?id=all


# Generation ---------------------------------------------------------------------------


def admin_patterns(patterns=None, prefix="", namespace=None, kwargs=()):
    """Yield ``(route, qualified name, callback, argument names)`` under ``admin/``."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        names = tuple(kwargs) + _argument_names(pattern.pattern)
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from admin_patterns(pattern.url_patterns, route, ns, names)
        elif isinstance(pattern, URLPattern) and route.startswith("admin/"):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield route, name, pattern.callback, names


def _argument_names(pattern):
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def view_model(callback):
    """The Kohorta model a viewset built this view for, or None."""
    model = getattr(callback, "view_initkwargs", {}).get("model")
    if model is None:
        return None
    if isinstance(model, str):
        from django.apps import apps

        model = apps.get_model(model)
    return model if model._meta.app_label in KOHORTA_APPS else None


def kohorta_page_labels():
    from wagtail.models import get_page_models

    return sorted(
        model._meta.label_lower
        for model in get_page_models()
        if model._meta.app_label in KOHORTA_APPS
    )


def _both(rows, row_id, name, kind, targets, **extra):
    for method in ("GET", "POST"):
        rows.append(AdminRow(f"{method} {row_id}", name, method, kind, tuple(targets), **extra))


def generate():
    """``(rows, missing)``: the generated rows and what could not be generated, and why."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    admin_models = all_admin_models()
    pages = kohorta_page_labels()
    model_labels = sorted(label for label in admin_models if label not in pages)
    rows, missing, seen = [], [], set()
    for label in pages:
        if label not in admin_models:
            missing.append(f"page type {label}: no ADMIN_MODELS entry (cohort A's instance)")
    for route, name, callback, kwargs in admin_patterns():
        unknown = set(kwargs) - KNOWN_KWARGS
        model = view_model(callback)
        takes_page = (
            bool(set(kwargs) & (PAGE_KWARGS | PAGE_TYPE_KWARGS))
            or ("pk" in kwargs and (name or "").startswith(PAGE_PK_PATTERNS))
            or ("model_name" in kwargs and (name or "").startswith("wagtailadmin_pages:"))
        )
        takes_model = "model_name" in kwargs
        if name == "wagtail_bulk_action":
            continue  # from the registry, below
        if model is None and not takes_page and not takes_model:
            continue  # Wagtail's own admin (the "wagtail admin" group)
        if name in NOT_KOHORTA:
            continue
        if unknown or not name:
            missing.append(f"{route} (name {name!r}): cannot fill {sorted(unknown)}")
            continue
        extra = {"url_name": name, "kwargs": tuple(kwargs)}
        # Two patterns of one name (with and without an id): the route tells them apart.
        row_id = f"{name} {route}" if name in seen else name
        seen.add(name)
        has_object = bool(set(kwargs) & (OBJECT_KWARGS | PAGE_KWARGS)) or takes_page
        kind = "object" if has_object else "collection"
        if model is not None:
            label = model._meta.label_lower
            if label not in admin_models:
                missing.append(f"{route} (name {name!r}): {label} has no ADMIN_MODELS entry")
                continue
            query = "" if has_object else "id"
            _both(rows, row_id, name, kind, [label], query=query, **extra)
        elif takes_page:
            _both(rows, row_id, name, "page", pages, **extra)
        else:  # pages take this way too, but the page rows cover their permissions
            _both(rows, row_id, name, kind, model_labels, **extra)
    for app_label, by_model in sorted(bulk_action_registry_actions(bulk_action_registry)):
        for model_name, actions in sorted(by_model.items()):
            kind = "object"
            if (app_label, model_name) == ("wagtailcore", "page"):
                targets, kind = pages, "page"
            elif app_label in KOHORTA_APPS:
                label = f"{app_label}.{model_name}"
                if label not in admin_models:
                    missing.append(f"bulk actions of {label}: no ADMIN_MODELS entry")
                    continue
                targets = [label]
            else:
                continue
            for action in sorted(actions):
                kwargs = {"app_label": app_label, "model_name": model_name, "action": action}
                path = reverse("wagtail_bulk_action", kwargs=kwargs)
                base = f"bulk {app_label}.{model_name}:{action}"
                _both(rows, f"{base} ?id=<A>", path, kind, targets, query="id")
                all_kind = "page" if kind == "page" else "collection"
                _both(rows, f"{base} ?id=all", path, all_kind, targets, query="all")
    return rows, missing


def bulk_action_registry_actions(registry):
    registry._scan_for_bulk_actions()
    return registry.actions.items()


def own_labels():
    """Every admin model: its owner (A's coordinator, or staff) opens A's object."""
    return sorted(all_admin_models())


# Running a row ------------------------------------------------------------------------


def _path(row, obj):
    if row.url_name:
        values = _kwarg_values(row, obj)
        path = reverse(row.url_name, kwargs={name: values[name] for name in row.kwargs})
    else:
        path = row.name
    if row.query == "id":
        path += f"?id={quote(obj.pk)}"
    elif row.query == "all":
        path += "?id=all"
    return path


def _kwarg_values(row, obj):
    meta = obj._meta
    page = getattr(obj, "page_ptr_id", None) is not None
    parent = obj.get_parent().pk if page and obj.depth > 1 else NO_SUCH_ID
    values = {
        "app_label": meta.app_label,
        "app_name": meta.app_label,
        "content_type_app_name": meta.app_label,
        "model_name": meta.model_name,
        "content_type_model_name": meta.model_name,
        "pk": quote(obj.pk),
        "object_id": quote(obj.pk),
        "page_id": obj.pk,
        "page_pk": obj.pk,
        "page_to_move_id": obj.pk,
        # To add a page of this type: under its parent; otherwise the page's own children.
        "parent_page_id": parent if PAGE_TYPE_KWARGS & set(row.kwargs) else obj.pk,
        "destination_id": parent,
        "revision_id": getattr(obj, "latest_revision_id", None) or NO_SUCH_ID,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "action_name": "approve" if "workflow" in row.url_name else "delete",
        "task_state_id": NO_SUCH_ID,
        "task_id": NO_SUCH_ID,
        "workflow_state_id": NO_SUCH_ID,
        "session_id": NO_SUCH_ID,
        "workflow_pk": NO_SUCH_ID,
    }
    return values


def form_data(obj):
    """The object's current values as form data, with one text (or choice) changed."""
    data, changed = {}, False
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable or isinstance(field, models.FileField):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.BooleanField):
            if value:
                data[field.name] = "on"
            continue
        if value is None:
            data[field.name] = ""
            continue
        if isinstance(field, models.JSONField):
            value = json.dumps(value)
        elif isinstance(value, datetime.datetime):
            value = value.strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, (datetime.date, datetime.time)):
            value = value.isoformat()
        elif (
            not changed
            and type(field) in (models.CharField, models.TextField)
            and not field.choices
            and not field.unique
        ):
            value, changed = f"{value} (changed)"[: field.max_length or None], True
        data[field.name] = str(value)
    if not changed:
        for field in obj._meta.concrete_fields:
            others = [
                str(key)
                for key, _label in field.choices or ()
                if key != getattr(obj, field.attname)
            ]
            if field.editable and others:
                data[field.name] = others[0]
                break
    for field in obj._meta.many_to_many:
        data[field.name] = [str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True)]
    return data


def snapshot(obj, actor):
    """The object's database row, its many-to-many links and the number of rows in its table
    outside the acting person's own reach (their own cohort's rooms may go in a bulk delete
    of "all"; nobody else's may)."""
    from wagtail.permissions import policy_registry

    manager = type(obj)._base_manager
    own = policy_registry.get_by_type(type(obj)).instances_user_has_any_permission_for(
        actor, ["add", "change", "delete", "view"]
    )
    row = manager.filter(pk=obj.pk).values().first()
    links = {
        field.name: sorted(
            manager.filter(pk=obj.pk, **{f"{field.name}__isnull": False}).values_list(
                field.name, flat=True
            )
        )
        for field in obj._meta.many_to_many
    }
    return {"row": row, "links": links, "count": manager.exclude(pk__in=own.values("pk")).count()}


def _difference(before, after):
    if after["row"] is None:
        return "deleted it"
    if after["count"] != before["count"]:
        return f"rows in its table {before['count']} -> {after['count']}"
    fields = [k for k in before["row"] if before["row"][k] != after["row"].get(k)]
    fields += [k for k in before["links"] if before["links"][k] != after["links"][k]]
    return "changed " + ", ".join(fields)


def object_markers(obj, staff):
    """Text that shows the object on a page: its admin edit URL, and its name if no other
    row of its table has it and it is not a word the admin shows anyway (the site name).
    A live page without a view restriction is public: nothing of it is a leak."""
    from django.conf import settings
    from wagtail.admin.admin_url_finder import AdminURLFinder
    from wagtail.models import Page

    if isinstance(obj, Page) and obj.live and not obj.get_view_restrictions().exists():
        return []  # a public page's title is on the site for everyone to read
    markers = []
    edit_url = AdminURLFinder(staff).get_edit_url(obj)
    if edit_url:
        markers.append(edit_url)
    name = str(obj)
    names = [str(other) for other in type(obj)._base_manager.all()]
    distinctive = len(name) >= 6 and name != getattr(settings, "WAGTAIL_SITE_NAME", "")
    if distinctive and sum(name in other for other in names) == 1:
        markers += [name, escape(name)]
    return markers


def _request(client, method, path, data):
    """The answer's status and body; an exception counts as a 500 (its savepoint undone)."""
    try:
        with transaction.atomic():
            response = client.post(path, data) if method == "POST" else client.get(path)
    except Exception as error:  # noqa: BLE001 - a crash is what the matrix reports
        return 500, f"{type(error).__name__}: {error}"
    body = ""
    if response.status_code == 200 and not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
    if 300 <= response.status_code < 400:
        body = response["Location"]
    return response.status_code, body


def run_row(client, row, world):
    """Try the row as each role that must be kept out; return the problems found."""
    admin_models = all_admin_models()
    staff = world.people[STAFF]
    problems = []
    targets = []
    for label in row.targets:
        spec = admin_models[label]
        obj = spec.instance(world)
        # Staff-only models refuse A's coordinator too; for pages, Wagtail's page
        # permissions are the same for both coordinators (none), one is tried.
        both = spec.staff_only and row.kind != "page"
        roles = [OTHER_COORDINATOR] + ([COORDINATOR] if both else [])
        targets.append((label, spec, obj, roles))
    everything = [obj for _label, _spec, obj, _roles in targets]
    attacker = world.people[OTHER_COORDINATOR]
    before_all = [snapshot(obj, attacker) for obj in everything]
    answers = {}
    for label, spec, obj, roles in targets:
        markers = object_markers(obj, staff)
        path = _path(row, obj)
        data = form_data(obj) if row.method == "POST" and row.query != "all" else {}
        for role in roles:
            client.force_login(world.people[role])
            before = snapshot(obj, world.people[role])
            if (role, path) not in answers:
                answers[role, path] = _request(client, row.method, path, data)
            status, body = answers[role, path]
            after = snapshot(obj, world.people[role])
            where = f"{role} {row.method} {path} [{label}]"
            people = world.a_people if role == OTHER_COORDINATOR else world.b_people
            # A form that answers with the data sent shows it back: that is no leak.
            sent = " ".join(str(value) for value in data.values())
            leaked = [m for m in markers if m in body and m not in sent] if status == 200 else []
            leaked += [
                marker
                for key in sorted(people)
                for marker in world.markers(key)
                if status == 200 and marker in body
            ]
            refused = status in REFUSED or 300 <= status < 400
            shown = f", showing {leaked[:3]}" if leaked else ""
            if status >= 500:
                problems.append(f"{where}: 500 ({body[:300]})")
            elif row.kind == "page":
                if not refused and leaked:
                    problems.append(f"{where}: answered {status}{shown}")
            elif row.kind == "object" or spec.staff_only:
                if not refused:
                    problems.append(f"{where}: answered {status}{shown} (expected 403/404/3xx)")
            elif leaked:
                problems.append(f"{where}: answered {status}{shown}")
            if before != after:
                problems.append(f"{where}: cohort A's object: {_difference(before, after)}")
    after_all = [snapshot(obj, attacker) for obj in everything]
    for obj, before, after in zip(everything, before_all, after_all, strict=True):
        if before != after and not any(type(obj)._meta.label_lower in p for p in problems):
            problems.append(f"{type(obj)._meta.label_lower} {obj.pk}: {_difference(before, after)}")
    client.logout()
    return problems


def run_own(client, label, world):
    """A's coordinator (staff, for a staff-only model) opens A's object's edit view: 200."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    spec = all_admin_models()[label]
    owner = world.people[STAFF if spec.staff_only else COORDINATOR]
    obj = spec.instance(world)
    edit_url = AdminURLFinder(owner).get_edit_url(obj)
    assert edit_url, f"{label}: no admin edit view for its owner"
    client.force_login(owner)
    status, body = _request(client, "GET", edit_url, {})
    assert status == 200, f"{label}: {edit_url} answered {status} to its owner"
    assert escape(str(obj)) in body or str(obj) in body, f"{label}: {edit_url} does not show it"
