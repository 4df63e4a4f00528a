"""Data rights pages: download my data, delete my account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from mentoring.accounts import data_export, data_rights
from mentoring.accounts.access import login_required
from mentoring.accounts.forms import DeleteAccountForm
from mentoring.accounts.passwords import verify_password
from mentoring.clock import now_utc
from mentoring.conversations.records import conversation_export
from mentoring.errors import Conflict
from mentoring.extensions import db
from mentoring.notify.delivery import send_committed_notifications

bp = Blueprint("rights", __name__, url_prefix="/account")


@bp.get("/data")
@login_required
def my_data():
    return render_template("accounts/my_data.html", form=DeleteAccountForm())


@bp.get("/data/readable")
@login_required
def readable_data():
    """Everything held about the person, as a page they can read (and print) in their language."""
    return render_template("accounts/my_data_readable.html", now=now_utc(),
                           sections=data_export.readable_export(current_user))


@bp.get("/data.json")
@login_required
def download_data():
    """The same sections as the readable page with self-explanatory fields, then every stored
    row that names the person ("tables") and both sides of each of their conversations."""
    document = data_export.export_document(current_user, now_utc())
    document["tables"] = data_rights.export_user_data(current_user)
    # Kept apart from the tables: the readable thread, with "message removed" where erased.
    document["conversations"] = conversation_export(current_user)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=my-mentoring-data.json",
        "Cache-Control": "no-store"})


@bp.post("/delete")
@login_required
def delete_account():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_template("accounts/my_data.html", form=form), 400
    if not verify_password(current_user.password_hash, form.password.data):
        flash(_("The password is not correct."), "error")
        return render_template("accounts/my_data.html", form=form), 400
    if current_user.is_coordinator:
        raise Conflict(_("A coordinator account is removed by another coordinator."))
    data_rights.erase_user(current_user._get_current_object(), None, now_utc())
    db.session.commit()
    send_committed_notifications(now_utc())
    logout_user()
    flash(_("Your account and your personal data have been erased. Take care of yourself."),
          "success")
    return redirect(url_for("core.index"))
