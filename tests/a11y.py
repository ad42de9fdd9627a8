"""Run axe-core on a Playwright page and fail on any WCAG 2.0/2.1 A or AA violation."""
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only the violations come back in full: the passes and the rules that did not apply are what makes
# axe's answer large and slow to hand over, and the test reads none of them.
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE_SCRIPT = Axe().axe_script


def assert_accessible(page):
    """Check the page as it is now; the message names each rule and the first offending nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # once per page load, not once per check
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("options => axe.run(document, options).then(results => results.violations)",
                               OPTIONS)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} violations on {page.url}:\n{report}"
    return violations
