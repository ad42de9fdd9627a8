"""Run axe-core on a Playwright page and fail on any WCAG 2.0/2.1 A or AA violation."""
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_accessible(page):
    """Check the page as it is now; the message names each rule and the first offending nodes."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} violations on {page.url}:\n{report}"
    return results
