"""The landing page and the role-based home page."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from mentoring.accounts.access import login_required

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    return render_template("core/index.html")


@bp.get("/home")
@login_required
def home():
    if current_user.is_coordinator:
        return redirect(url_for("programme.dashboard"))
    return render_template("core/home.html")
