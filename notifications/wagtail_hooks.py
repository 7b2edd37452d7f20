from wagtail import hooks


@hooks.register("kohorta_personal_data")
def personal_data(user):
    from . import privacy

    return {"notifications": privacy.personal_data(user)}


@hooks.register("kohorta_anonymise_person")
def anonymise_person(user, replacements):
    from . import privacy

    privacy.anonymise(user, replacements)
