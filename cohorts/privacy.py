"""The cohorts app's part of a person's data export and anonymisation (kohorta/privacy.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from kohorta.privacy import (
    anonymous_email,
    anonymous_name,
    delete_file_on_commit,
    replace_in_data,
    replace_text,
)

from .models import Invitation, Membership, MentorGroupMember


def personal_data(user):
    """The person's profile, cohorts and roles, mentoring, invitations and account records."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.models import ModelLogEntry

    memberships = Membership.objects.filter(user=user).select_related("cohort__programme")
    mentors = MentorGroupMember.objects.filter(innovator=user).select_related(
        "group__mentor", "cohort"
    )
    mentees = MentorGroupMember.objects.filter(group__mentor=user).select_related(
        "innovator", "cohort"
    )
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "country": str(user.country),
            "organisation": user.organisation,
            "languages": user.languages,
            "preferred_language": user.preferred_language,
            "bio": user.bio,
            "photo": user.photo.name or None,
            "in_directory": user.in_directory,
            "sector": user.sector,
            "interests": user.interests,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_authenticators": [
            {"type": authenticator.type, "created_at": authenticator.created_at}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "memberships": [
            {
                "programme": membership.cohort.programme.name,
                "cohort": membership.cohort.name,
                "role": membership.role,
                "country": str(membership.country),
                "since": membership.created_at,
            }
            for membership in memberships
        ],
        "mentors": [
            {"cohort": row.cohort.name, "mentor": row.group.mentor.full_name} for row in mentors
        ],
        "mentees": [
            {"cohort": row.cohort.name, "innovator": row.innovator.full_name} for row in mentees
        ],
        "invitations": [
            {
                "cohort_id": invitation.cohort_id,
                "role": invitation.role,
                "created_at": invitation.created_at,
                "sent_at": invitation.sent_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in Invitation.objects.filter(user=user)
        ],
        "activity_log": [
            {"action": entry.action, "timestamp": entry.timestamp, "object": entry.label}
            for entry in ModelLogEntry.objects.filter(user=user).order_by("timestamp")
        ],
    }


def anonymise(user, replacements):
    """Blank the profile, close the account and rewrite the person's name in log labels.

    Memberships, mentor groups and log entries stay (the programme's records need them);
    they now point at "Deleted person #id".
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.models import ModelLogEntry

    delete_file_on_commit(user.photo)
    user.full_name = anonymous_name(user)
    user.email = anonymous_email(user)
    user.country = ""
    user.organisation = ""
    user.languages = []
    user.bio = ""
    user.photo = ""
    user.in_directory = False
    user.sector = ""
    user.interests = ""
    user.preferred_language = "en"
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).update(token_hash=None)
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        delete_file_on_commit(profile.avatar)
        profile.avatar = ""
        profile.save(update_fields=["avatar"])

    user_type = ContentType.objects.get_for_model(user)
    mentions = Q(content_type=user_type, object_id=str(user.pk))
    for old in replacements:
        mentions |= Q(label__icontains=old) | Q(data_text__icontains=old)
    entries = ModelLogEntry.objects.annotate(data_text=Cast("data", TextField())).filter(mentions)
    for entry in entries:
        entry.label = replace_text(entry.label, replacements)
        entry.data = replace_in_data(entry.data, replacements)
        if entry.content_type_id == user_type.pk and entry.object_id == str(user.pk):
            entry.label = anonymous_name(user)
        entry.save(update_fields=["label", "data"])
