"""Fixed lists used by people and organisations: roles, kinds, sectors, municipalities."""
import enum

from app.i18n import lazy_gettext as _l


class Role(enum.Enum):
    """Roles a coordinator grants; organisation roles follow from memberships."""

    researcher = "researcher"
    facilitator = "facilitator"
    coordinator = "coordinator"


ROLE_LABELS = {
    Role.researcher: _l("Researcher"),
    Role.facilitator: _l("Facilitator"),
    Role.coordinator: _l("Coordinator"),
}


class OrganisationKind(enum.Enum):
    community_group = "community_group"
    social_business = "social_business"
    established = "established"


KIND_LABELS = {
    OrganisationKind.community_group: _l("Community group or civil-society organisation"),
    OrganisationKind.social_business: _l("Social business"),
    OrganisationKind.established: _l("Established organisation"),
}

# The role a person holds through an approved membership of each kind.
KIND_ROLE_LABELS = {
    OrganisationKind.community_group: _l("Group member"),
    OrganisationKind.social_business: _l("Business member"),
    OrganisationKind.established: _l("Stakeholder member"),
}


class Sector(enum.Enum):
    public = "public"
    private = "private"
    academic = "academic"
    civil_society = "civil_society"
    social_economy = "social_economy"


SECTOR_LABELS = {
    Sector.public: _l("Public sector"),
    Sector.private: _l("Private sector"),
    Sector.academic: _l("Academia"),
    Sector.civil_society: _l("Civil society"),
    Sector.social_economy: _l("Social economy"),
}


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
