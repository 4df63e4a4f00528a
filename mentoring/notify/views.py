"""The in-app list of a person's notifications."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from mentoring.accounts.access import login_required
from mentoring.clock import now_utc
from mentoring.extensions import db
from mentoring.notify import services
from mentoring.notify.kinds import kind_of

bp = Blueprint("notify", __name__)


@bp.get("/notifications")
@login_required
def notifications():
    # Reading the list changes nothing: what is new stays marked new until "Mark all as read".
    now = now_utc()
    items = [(n, kind_of(n.kind)) for n in services.recent_for(current_user, now)]
    has_unread = any(n.read_at is None for n, _kind in items)
    return render_template("notify/list.html", items=items, has_unread=has_unread)


@bp.post("/notifications/read")
@login_required
def mark_read():
    if FlaskForm().validate_on_submit():
        services.mark_all_read(current_user, now_utc())
        db.session.commit()
    return redirect(url_for("notify.notifications"))
