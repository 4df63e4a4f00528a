"""Coordinators' programme insight: charts and tables of aggregates, and their CSV export."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from mentoring.accounts.access import role_required
from mentoring.accounts.models import Role
from mentoring.clock import now_utc
from mentoring.errors import DomainError
from mentoring.pairing.models import CloseReason
from mentoring.programme import charts, exports
from mentoring.programme.forms import PeriodForm
from mentoring.programme.insight import (
    MATCH_BUCKETS,
    FewerThan,
    Insight,
    Period,
    csv_rows,
    programme_insight,
)
from mentoring.programme.insight import shown as hidden_below

bp = Blueprint("insight", __name__, url_prefix="/programme/insight")
MAX_DAYS = 3 * 366


def _period(form: PeriodForm, now) -> Period:
    if form.days.data != "custom":
        return Period.last_days(int(form.days.data), now)
    first, last = form.start.data, form.end.data
    if first is None or last is None or first > last:
        raise DomainError(_("Choose a start date on or before the end date."))
    if (last - first).days > MAX_DAYS:
        raise DomainError(_("Choose a period of at most three years."))
    return Period.between(first, last)


def _insight() -> tuple[PeriodForm, Insight]:
    form = PeriodForm(request.args)
    if not form.validate():
        date_errors = form.start.errors or form.end.errors
        raise DomainError(date_errors[0] if date_errors
                          else _("Choose a period from the list, or two valid dates."))
    now = now_utc()
    return form, programme_insight(_period(form, now), now,
                                   current_app.config["INSIGHT_MIN_COUNT"])


def shown(value, digits: int = 1, percent: bool = False) -> str:
    """A figure as the page prints it: hidden counts say so, missing figures are a dash."""
    if isinstance(value, FewerThan):
        return _("fewer than %(count)d", count=value.limit)
    if value is None:
        return "—"
    if percent:
        return format_percent(value, format="#,##0.#%")
    return format_decimal(round(value, digits))


def _chart_value(value):
    return f"<{value.limit}" if isinstance(value, FewerThan) else value


def bucket_labels() -> list[str]:
    return [_("%(low)d–%(high)d days", low=low, high=high) if high is not None
            else _("%(low)d days or more", low=low) for _key, low, high in MATCH_BUCKETS]


def reason_labels() -> dict[str, str]:
    return {reason.value: str(reason.label) for reason in CloseReason}


def _charts(insight: Insight) -> dict[str, Markup]:
    weeks = [format_date(w.start, "d MMM") for w in insight.weeks]
    reasons = reason_labels()
    return {
        "time_to_match": charts.bar_chart(
            "chart-time-to-match", _("Time to match"),
            _("Number of mentees by days from their request to their active match."),
            bucket_labels(), [charts.Series(_("Mentees"), [
                _chart_value(c) for _k, c in insight.time_to_match_buckets], "series-1")]),
        "meetings": charts.bar_chart(
            "chart-meetings", _("Meetings planned and held"),
            _("For each week, sessions planned (not cancelled) and sessions held."),
            weeks, [charts.Series(_("Sessions planned"),
                                  [_chart_value(w.planned) for w in insight.weeks], "series-2"),
                    charts.Series(_("Sessions held"),
                                  [_chart_value(w.held) for w in insight.weeks], "series-1")]),
        "checkins": charts.line_chart(
            "chart-checkins", _("Check-in averages"),
            _("For each week, the mean helpfulness and the mean feeling, from 1 to 5."),
            weeks, [charts.Series(_("Helpfulness"), [w.helpfulness for w in insight.weeks],
                                  "series-1"),
                    charts.Series(_("Feeling"), [w.feeling for w in insight.weeks],
                                  "series-3")], 1, 5),
        "closures": charts.hbar_chart(
            "chart-closures", _("Why matches ended"),
            _("Number of matches that ended in the period, by reason."),
            [reasons.get(key, key) for key, _c in insight.closure_reasons],
            [_chart_value(c) for _k, c in insight.closure_reasons]),
        **_quality_charts(insight),
    }


def funnel_labels() -> dict[str, str]:
    return {"signed_up": _("Signed up"), "request_complete": _("Request complete"),
            "matched": _("Matched"), "active": _("Active")}


def _quality_charts(insight: Insight) -> dict[str, Markup]:
    quality = insight.quality
    if quality is None:
        return {}
    m = insight.min_count
    names = funnel_labels()
    reasons = reason_labels()
    months = {91: _("3 months"), 182: _("6 months"), 365: _("12 months")}
    return {
        "funnel": charts.hbar_chart(
            "chart-funnel", _("From sign-up to an active match"),
            _("Mentees who signed up in the period, and how many reached each step."),
            [names[key] for key, _c in quality.funnel],
            [_chart_value(hidden_below(c, m)) for _k, c in quality.funnel]),
        "survival": charts.line_chart(
            "chart-survival", _("Matches still going"),
            _("Kaplan–Meier estimate of the share of matches still going after 3, 6 and 12 "
              "months, in percent; matches still open count until today."),
            [_("Start")] + [months[day] for day, _s, _n in quality.survival],
            [charts.Series(_("Still going (%)"), [100.0] + [
                None if share is None else round(share * 100, 1)
                for _d, share, _n in quality.survival], "series-1")], 0, 100),
        "early": charts.hbar_chart(
            "chart-early", _("Early closures"),
            _("Matches that ended less than three months after they started, by reason."),
            [reasons.get(key, key) for key, _c in quality.early_closures],
            [_chart_value(hidden_below(c, m)) for _k, c in quality.early_closures]),
    }


@bp.get("/")
@role_required(Role.COORDINATOR)
def page():
    form, insight = _insight()
    return render_template(
        "programme/insight.html", form=form, insight=insight, charts=_charts(insight),
        shown=shown, bucket_labels=bucket_labels(), reasons=reason_labels(),
        funnel_labels=funnel_labels(),
        hide=lambda count: shown(hidden_below(count, insight.min_count)),
        last_day=insight.period.end - timedelta(microseconds=1), query=request.args.to_dict())


@bp.get("/insight.csv")
@role_required(Role.COORDINATOR)
def export_csv():
    _form, insight = _insight()
    filename = f"insight-{insight.period.start.date()}-{insight.period.end.date()}.csv"
    return Response(exports.csv_text(("figure", "key", "value"), csv_rows(insight)),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="{filename}"',
                        "Cache-Control": "no-store"})
