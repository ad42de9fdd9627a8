"""The main navigation: one group per area, gathered from each area's optional `nav_links()`.

An area's `nav_links()` returns `[(group, url, label, endpoint prefix)]` for the person looking;
links of several areas may share a group (organisations and the dashboard both sit under
"Alliance"). Groups keep the order of GROUPS; a group without links is left out.
"""
from dataclasses import dataclass, field

from app.i18n import lazy_gettext as _l

GROUPS = {
    "requests": _l("Science shop"),
    "colabs": _l("Co-labs"),
    "certification": _l("Certification"),
    "matching": _l("Matching"),
    "challenge": _l("Challenge"),
    "impact": _l("Impact"),
    "learning": _l("Learning"),
    "alliance": _l("Alliance"),
}


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    prefix: str

    def is_current(self, endpoint):
        """Return whether the page shown belongs to this link."""
        return bool(endpoint) and endpoint.startswith(self.prefix)


@dataclass
class NavGroup:
    key: str
    title: str
    links: list = field(default_factory=list)

    def is_current(self, endpoint):
        return any(link.is_current(endpoint) for link in self.links)


def build_navigation(modules):
    """Return the NavGroups of the areas' links, in the order of GROUPS."""
    groups = {key: NavGroup(key, title) for key, title in GROUPS.items()}
    for module in modules:
        links = getattr(module, "nav_links", None)
        for group, url, label, prefix in (links() if links else []):
            groups[group].links.append(NavLink(url, label, prefix))
    return [group for group in groups.values() if group.links]
