"""Coordinators' CSV import of participants (upload, preview, confirm) and participant export."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.notify.delivery import send_committed_notifications
from mentoring.notify.services import notify
from mentoring.programme import exports, imports
from mentoring.programme.forms import ImportConfirmForm, ImportForm

bp = Blueprint("imports", __name__, url_prefix="/programme")
PAYLOAD_SALT = "participant-import"
PAYLOAD_MAX_AGE = 3600  # seconds between the preview and the confirmation


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=PAYLOAD_SALT)


def _unsigned_text(payload: str) -> str:
    try:
        return _signer().loads(payload, max_age=PAYLOAD_MAX_AGE)
    except BadSignature as error:
        raise DomainError(_("This preview has expired. Please upload the file again.")) from error


@bp.get("/import")
@role_required(Role.COORDINATOR)
def import_form():
    return render_template("programme/import.html", form=ImportForm())


@bp.post("/import/preview")
@role_required(Role.COORDINATOR)
def preview_import():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("programme/import.html", form=form), 400
    text = imports.decode_upload(form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1),
                                 current_app.config["IMPORT_MAX_BYTES"])
    preview = imports.preview_import(text)
    confirm = ImportConfirmForm(payload=_signer().dumps(text))
    return render_template("programme/import_preview.html", preview=preview,
                           confirm=confirm), 200 if preview.is_valid else 400


@bp.post("/import/confirm")
@role_required(Role.COORDINATOR)
def confirm_import():
    form = ImportConfirmForm()
    text = _unsigned_text(form.payload.data or "")
    if not form.validate_on_submit():  # the same preview again, the missing answer marked
        return render_template("programme/import_preview.html",
                               preview=imports.preview_import(text), confirm=form), 400
    if len(text.encode()) > current_app.config["IMPORT_MAX_BYTES"]:
        raise imports.FileTooLarge(_("What you sent is too large."))
    now = now_utc()
    people = imports.import_participants(
        current_user, text, now, consent_age=current_app.config["DIGITAL_CONSENT_AGE"],
        consent_version=current_app.config["CONSENT_POLICY_VERSION"])
    if form.send_welcome.data:  # rows of the same transaction: sent now or by the scheduler
        for person in people:
            notify(person, "imported_welcome", now)
    imported = len(people)
    db.session.commit()
    send_committed_notifications(now)
    flash(ngettext("%(num)d person was imported.", "%(num)d people were imported.",
                   imported), "success")
    return redirect(url_for("programme.dashboard"))


@bp.get("/export/participants.csv")
@role_required(Role.COORDINATOR)
def export_participants():
    filename = f"participants-{now_utc().date().isoformat()}.csv"
    return Response(exports.participants_csv(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
