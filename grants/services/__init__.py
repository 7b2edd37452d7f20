"""Every write in grants goes through these services (see DESIGN.md, principle 1)."""

from .calls import (  # noqa: F401
    create_call,
    create_criterion,
    delete_criterion,
    update_call,
    update_criterion,
    update_question,
)
from .decisions import (  # noqa: F401
    add_milestone,
    record_decision,
    request_dossier,
    send_decisions,
    set_milestone_status,
    submit_report,
)
from .jury import (  # noqa: F401
    assign_juror,
    auto_assign,
    declare_conflict,
    jurors_of,
    remind_jurors,
    save_review,
    unassign_juror,
)
from .messages import post_message  # noqa: F401
from .proposals import (  # noqa: F401
    add_attachment,
    allowed_transitions,
    clean_budget_lines,
    create_proposal,
    remove_attachment,
    save_proposal,
    snapshot,
    submission_problems,
    transition_proposal,
)
