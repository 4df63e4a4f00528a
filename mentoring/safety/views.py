"""The public help page with crisis resources."""

from flask import Blueprint, render_template

bp = Blueprint("safety", __name__)


@bp.get("/help")
def help_page():
    return render_template("safety/help.html")
