from . import applicant, coordinator, jury, public  # noqa: F401
