"""The landing page and each role's home page."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from mentoring.accounts.access import login_required
from mentoring.clock import now_utc
from mentoring.core import next_steps
from mentoring.pairing import queries

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    return render_template("core/index.html")


@bp.get("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.get("/home")
@login_required
def home():
    if current_user.is_coordinator:
        return redirect(url_for("programme.dashboard"))
    if current_user.is_mentee:
        if current_user.mentee_profile.requested_at is not None:
            return redirect(url_for("pairing.request_status"))
        return render_template("core/home.html")
    now = now_utc()
    return render_template("core/mentor_home.html", profile=current_user.mentor_profile,
                           matches=queries.mentor_matches(current_user), today=now.date(),
                           ended=next_steps.ended_matches(current_user),
                           **next_steps.home_steps(current_user, now))
