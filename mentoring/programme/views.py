"""Coordinator pages: the dashboard and the tag taxonomy."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.health import services as health
from mentoring.notify.kinds import kind_of
from mentoring.profiles.models import TagKind
from mentoring.programme import services
from mentoring.programme.forms import TagForm

bp = Blueprint("programme", __name__, url_prefix="/programme")


@bp.get("/")
@role_required(Role.COORDINATOR)
def dashboard():
    board = services.dashboard(now_utc(), current_app.config["SCREENING_WARNING_DAYS"])
    return render_template("programme/dashboard.html", board=board, now=now_utc(),
                           scheduler_is_stale=health.scheduler_is_stale(now_utc()),
                           last_sweep_at=health.last_sweep_at(),
                           undeliverable=[(n, kind_of(n.kind).title(n.params))
                                          for n in health.undeliverable()])


def _render_tags(form, status=200):
    return render_template(
        "programme/tags.html", form=form, tags=services.tags_by_kind()
    ), status


@bp.get("/tags")
@role_required(Role.COORDINATOR)
def tags():
    return _render_tags(TagForm())


@bp.post("/tags")
@role_required(Role.COORDINATOR)
def add_tag():
    form = TagForm()
    if not form.validate_on_submit():
        return _render_tags(form, 400)
    try:
        services.add_tag(TagKind(form.kind.data), form.slug.data, form.label_fr.data,
                         form.label_en.data)
    except DomainError as error:
        flash(error.message, "error")
        return _render_tags(form, error.status_code)
    db.session.commit()
    flash(_("Tag added."), "success")
    return redirect(url_for("programme.tags"))


@bp.post("/tags/<int:tag_id>/toggle")
@role_required(Role.COORDINATOR)
def toggle_tag(tag_id: int):
    tag = services.toggle_tag(tag_id)
    db.session.commit()
    flash(_("Tag shown in forms again.") if tag.is_active else _("Tag retired from forms."),
          "success")
    return redirect(url_for("programme.tags"))
