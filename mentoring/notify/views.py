"""The in-app list of a person's notifications."""

from flask import Blueprint, render_template
from flask_login import current_user

from mentoring.accounts.access import login_required
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.notify import services
from mentoring.notify.kinds import kind_of

bp = Blueprint("notify", __name__)


@bp.get("/notifications")
@login_required
def notifications():
    now = now_utc()
    items = [(n, kind_of(n.kind)) for n in services.recent_for(current_user, now)]
    page = render_template("notify/list.html", items=items)
    services.mark_all_read(current_user, now)
    db.session.commit()
    return page
