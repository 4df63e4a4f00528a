"""Coordinators edit the crisis resources shown to people of each country."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.extensions import csrf, db
from mentoring.i18n import current_locale
from mentoring.safety import crisis_lists
from mentoring.safety.crisis_forms import CrisisListForm, entry_data, form_rows

bp = Blueprint("helplines", __name__, url_prefix="/programme/helplines")


@bp.get("/")
@role_required(Role.COORDINATOR)
def countries():
    return render_template("safety/helplines.html",
                           countries=crisis_lists.countries(current_locale()),
                           addable=crisis_lists.addable_countries(current_locale()))


@bp.get("/add")
@role_required(Role.COORDINATOR)
def add():
    """The "Add a country" choice: its (empty) list to write, or its list if it has one."""
    code = request.args.get("code", "").strip().upper()
    if not code:  # the form sent without a choice: back to it
        return redirect(url_for("helplines.countries", _anchor="add-country"))
    country = crisis_lists.country_list(code, current_locale())  # 404 with a sentence if unknown
    return redirect(url_for("helplines.edit", code=country.code))


def _edit_page(country, form, status=200):
    return render_template("safety/helpline_edit.html", country=country, form=form,
                           shipped=crisis_lists.is_shipped(country.code)), status


@bp.get("/<code>")
@role_required(Role.COORDINATOR)
def edit(code: str):
    country = crisis_lists.country_list(code, current_locale())
    return _edit_page(country, CrisisListForm(data={"entries": form_rows(country.entries)}))


# The form checks its own CSRF token: an expired one brings the edits back instead of losing them.
@csrf.exempt
@bp.post("/<code>")
@role_required(Role.COORDINATOR)
def save(code: str):
    country = crisis_lists.country_list(code, current_locale())
    form = CrisisListForm()
    if not form.validate_on_submit():
        return _edit_page(country, form, 400)
    entries = [entry_data(entry.form) for entry in form.entries if entry.form.is_kept]
    crisis_lists.save_list(current_user, code, entries, now_utc())
    db.session.commit()
    flash(_("The list for %(country)s is saved: people there see it from now on.",
            country=country.name), "success")
    return redirect(url_for("helplines.edit", code=code))


@bp.post("/<code>/reset")
@role_required(Role.COORDINATOR)
def reset(code: str):
    country = crisis_lists.country_list(code, current_locale())
    was_edited = crisis_lists.reset_list(current_user, code, now_utc())
    db.session.commit()
    if not crisis_lists.is_shipped(code):
        flash(_("The list for %(country)s is removed: people there see the international list.",
                country=country.name), "success")
        return redirect(url_for("helplines.countries"))
    flash(_("%(country)s is back to the list shipped with the app.", country=country.name)
          if was_edited else _("%(country)s already shows the shipped list.",
                               country=country.name), "success")
    return redirect(url_for("helplines.edit", code=code))
