"""Fixed lists used by people and organisations: roles, kinds, sectors, municipalities."""
import enum

from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l


class Role(LabelledEnum):
    """Roles a coordinator grants; organisation roles follow from memberships."""

    researcher = "researcher", _l("Researcher")
    facilitator = "facilitator", _l("Facilitator")
    coordinator = "coordinator", _l("Coordinator")



class OrganisationKind(LabelledEnum):
    community_group = "community_group", _l("Community group or civil-society organisation")
    social_business = "social_business", _l("Social business")
    established = "established", _l("Established organisation")

    @property
    def role_label(self):
        """Return the role a person holds through an approved membership of this kind."""
        return {"community_group": _l("Group member"), "social_business": _l("Business member"),
                "established": _l("Stakeholder member")}[self.value]


class Sector(LabelledEnum):
    public = "public", _l("Public sector")
    private = "private", _l("Private sector")
    academic = "academic", _l("Academia")
    civil_society = "civil_society", _l("Civil society")
    social_economy = "social_economy", _l("Social economy")



class MembershipState(enum.Enum):
    pending = "pending"
    approved = "approved"


OUTSIDE_SKANE = "outside"

# Skåne's 33 municipalities by their official municipality code (kommunkod).
MUNICIPALITIES = {
    "1214": "Svalöv",
    "1230": "Staffanstorp",
    "1231": "Burlöv",
    "1233": "Vellinge",
    "1256": "Östra Göinge",
    "1257": "Örkelljunga",
    "1260": "Bjuv",
    "1261": "Kävlinge",
    "1262": "Lomma",
    "1263": "Svedala",
    "1264": "Skurup",
    "1265": "Sjöbo",
    "1266": "Hörby",
    "1267": "Höör",
    "1270": "Tomelilla",
    "1272": "Bromölla",
    "1273": "Osby",
    "1275": "Perstorp",
    "1276": "Klippan",
    "1277": "Åstorp",
    "1278": "Båstad",
    "1280": "Malmö",
    "1281": "Lund",
    "1282": "Landskrona",
    "1283": "Helsingborg",
    "1284": "Höganäs",
    "1285": "Eslöv",
    "1286": "Ystad",
    "1287": "Trelleborg",
    "1290": "Kristianstad",
    "1291": "Simrishamn",
    "1292": "Ängelholm",
    "1293": "Hässleholm",
}


def municipality_label(code):
    """Return the name of a municipality code, or "Outside Skåne"."""
    if code == OUTSIDE_SKANE:
        return _l("Outside Skåne")
    return MUNICIPALITIES.get(code, code)


def municipality_choices():
    """Return (code, name) pairs sorted by name the Swedish way, then "outside Skåne"."""
    order = "abcdefghijklmnopqrstuvwxyzåäö"
    def key(item):
        return [order.find(c) if c in order else 99 for c in item[1].lower()]
    return sorted(MUNICIPALITIES.items(), key=key) + [(OUTSIDE_SKANE, municipality_label(OUTSIDE_SKANE))]
