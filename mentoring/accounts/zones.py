"""The time-zone choice people see: a short list of real places, in their language, by region.

The IANA database has about 600 names, many of them links or oddities ("Factory", "localtime").
People pick a place near them; each place carries its country, which also chooses the crisis
resources shown to them when they have not set a country themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Place:
    zone: str
    fr: str
    en: str
    country: str  # ISO 3166 code, or CA-QC for Québec

    def label(self, locale: str) -> str:
        return self.fr if locale == "fr" else self.en


REGIONS: list[tuple[object, list[Place]]] = [
    (_l("Europe"), [
        Place("Europe/Paris", "France (Paris)", "France (Paris)", "FR"),
        Place("Europe/Brussels", "Belgique (Bruxelles)", "Belgium (Brussels)", "BE"),
        Place("Europe/Zurich", "Suisse (Genève, Zurich)", "Switzerland (Geneva, Zurich)", "CH"),
        Place("Europe/Luxembourg", "Luxembourg", "Luxembourg", "LU"),
        Place("Europe/Monaco", "Monaco", "Monaco", "MC"),
        Place("Europe/London", "Royaume-Uni (Londres)", "United Kingdom (London)", "GB"),
        Place("Europe/Dublin", "Irlande (Dublin)", "Ireland (Dublin)", "IE"),
        Place("Europe/Lisbon", "Portugal (Lisbonne)", "Portugal (Lisbon)", "PT"),
        Place("Europe/Madrid", "Espagne (Madrid)", "Spain (Madrid)", "ES"),
        Place("Europe/Rome", "Italie (Rome)", "Italy (Rome)", "IT"),
        Place("Europe/Berlin", "Allemagne (Berlin)", "Germany (Berlin)", "DE"),
        Place("Europe/Amsterdam", "Pays-Bas (Amsterdam)", "Netherlands (Amsterdam)", "NL"),
        Place("Europe/Warsaw", "Pologne (Varsovie)", "Poland (Warsaw)", "PL"),
        Place("Europe/Bucharest", "Roumanie (Bucarest)", "Romania (Bucharest)", "RO"),
        Place("Europe/Athens", "Grèce (Athènes)", "Greece (Athens)", "GR"),
        Place("Europe/Kyiv", "Ukraine (Kyiv)", "Ukraine (Kyiv)", "UA"),
    ]),
    (_l("Canada and the United States"), [
        Place("America/Montreal", "Québec (Montréal, Québec)", "Quebec (Montreal, Quebec City)",
              "CA-QC"),
        Place("America/Toronto", "Ontario (Toronto, Ottawa)", "Ontario (Toronto, Ottawa)", "CA"),
        Place("America/Moncton", "Nouveau-Brunswick (Moncton)", "New Brunswick (Moncton)", "CA"),
        Place("America/Halifax", "Nouvelle-Écosse (Halifax)", "Nova Scotia (Halifax)", "CA"),
        Place("America/St_Johns", "Terre-Neuve (St. John's)", "Newfoundland (St. John's)", "CA"),
        Place("America/Winnipeg", "Manitoba (Winnipeg)", "Manitoba (Winnipeg)", "CA"),
        Place("America/Regina", "Saskatchewan (Regina)", "Saskatchewan (Regina)", "CA"),
        Place("America/Edmonton", "Alberta (Edmonton, Calgary)", "Alberta (Edmonton, Calgary)",
              "CA"),
        Place("America/Vancouver", "Colombie-Britannique (Vancouver)",
              "British Columbia (Vancouver)", "CA"),
        Place("America/New_York", "États-Unis, Est (New York)", "United States, East (New York)",
              "US"),
        Place("America/Chicago", "États-Unis, Centre (Chicago)",
              "United States, Central (Chicago)", "US"),
        Place("America/Denver", "États-Unis, Montagnes (Denver)",
              "United States, Mountain (Denver)", "US"),
        Place("America/Los_Angeles", "États-Unis, Pacifique (Los Angeles)",
              "United States, Pacific (Los Angeles)", "US"),
    ]),
    (_l("Caribbean, Central and South America"), [
        Place("America/Guadeloupe", "Guadeloupe", "Guadeloupe", "FR"),
        Place("America/Martinique", "Martinique", "Martinique", "FR"),
        Place("America/Cayenne", "Guyane (Cayenne)", "French Guiana (Cayenne)", "FR"),
        Place("America/Port-au-Prince", "Haïti (Port-au-Prince)", "Haiti (Port-au-Prince)", "HT"),
        Place("America/Mexico_City", "Mexique (Mexico)", "Mexico (Mexico City)", "MX"),
        Place("America/Sao_Paulo", "Brésil (São Paulo)", "Brazil (São Paulo)", "BR"),
        Place("America/Argentina/Buenos_Aires", "Argentine (Buenos Aires)",
              "Argentina (Buenos Aires)", "AR"),
    ]),
    (_l("Africa and Indian Ocean"), [
        Place("Africa/Casablanca", "Maroc (Casablanca)", "Morocco (Casablanca)", "MA"),
        Place("Africa/Algiers", "Algérie (Alger)", "Algeria (Algiers)", "DZ"),
        Place("Africa/Tunis", "Tunisie (Tunis)", "Tunisia (Tunis)", "TN"),
        Place("Africa/Dakar", "Sénégal (Dakar)", "Senegal (Dakar)", "SN"),
        Place("Africa/Abidjan", "Côte d'Ivoire (Abidjan)", "Côte d'Ivoire (Abidjan)", "CI"),
        Place("Africa/Douala", "Cameroun (Douala, Yaoundé)", "Cameroon (Douala, Yaoundé)", "CM"),
        Place("Africa/Kinshasa", "RD Congo (Kinshasa)", "DR Congo (Kinshasa)", "CD"),
        Place("Indian/Reunion", "La Réunion", "Réunion", "FR"),
        Place("Indian/Mayotte", "Mayotte", "Mayotte", "FR"),
        Place("Indian/Mauritius", "Maurice (Port-Louis)", "Mauritius (Port Louis)", "MU"),
    ]),
    (_l("Asia and Pacific"), [
        Place("Asia/Beirut", "Liban (Beyrouth)", "Lebanon (Beirut)", "LB"),
        Place("Asia/Dubai", "Émirats arabes unis (Dubaï)", "United Arab Emirates (Dubai)", "AE"),
        Place("Asia/Tokyo", "Japon (Tokyo)", "Japan (Tokyo)", "JP"),
        Place("Australia/Sydney", "Australie (Sydney)", "Australia (Sydney)", "AU"),
        Place("Pacific/Noumea", "Nouvelle-Calédonie (Nouméa)", "New Caledonia (Nouméa)", "FR"),
        Place("Pacific/Tahiti", "Polynésie française (Papeete)", "French Polynesia (Papeete)",
              "FR"),
    ]),
]

PLACES: dict[str, Place] = {place.zone: place for _region, places in REGIONS for place in places}
# What browsers report for some of our places, and older names people may still have.
ALIASES = {"Europe/Kiev": "Europe/Kyiv", "Canada/Eastern": "America/Toronto",
           "America/Buenos_Aires": "America/Argentina/Buenos_Aires"}
# When the browser's language gives one country with one zone, that zone is a fair first guess.
SINGLE_ZONE_COUNTRIES = {"FR": "Europe/Paris", "BE": "Europe/Brussels", "CH": "Europe/Zurich",
                         "LU": "Europe/Luxembourg"}


def zone_choices(locale: str, current: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Optgroup choices for a SelectField: region -> [(zone, place name)], in the person's
    language. A zone outside the list that the person already has stays offered, as it is."""
    choices = dict(_sorted_places(locale))
    if current and current not in PLACES:
        choices[str(_l("Other"))] = [(current, current.replace("_", " "))]
    return choices


@cache
def _sorted_places(locale: str) -> tuple[tuple[str, list[tuple[str, str]]], ...]:
    """Sorted once per language (the region names are translated when first asked for)."""
    return tuple((str(region), sorted(((p.zone, p.label(locale)) for p in places),
                                      key=lambda c: c[1]))
                 for region, places in REGIONS)


def place_name(zone: str, locale: str) -> str:
    """The words for a zone: 'Québec (Montréal, Québec)', else the IANA name made readable."""
    place = PLACES.get(ALIASES.get(zone, zone))
    return place.label(locale) if place else zone.replace("_", " ")


def country_of_zone(zone: str | None) -> str | None:
    place = PLACES.get(ALIASES.get(zone or "", zone or ""))
    return place.country if place else None
