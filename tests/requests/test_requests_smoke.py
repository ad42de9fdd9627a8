from app.requests.constants import RequestState as S
def test_every_page_answers_every_role_without_error(app, people, login, make_request, make_researcher, client):
    r = make_researcher()
    ids = {s: make_request(people.group_org, state=s, assignee=r) for s in S}
    for role, c in [("group", login(people.group)), ("coord", login(people.coordinator)), ("res", login(r)), ("anon", client)]:
        for path in ["/requests/", "/requests/queue", "/requests/open", "/requests/library", "/requests/library/feed.atom",
                     "/notifications/", "/notifications/settings", "/requests/new", "/requests/export.csv",
                     "/requests/library?q=courtyards", "/requests/open?q=tenants", "/requests/queue?q=green&state=all"]:
            resp = c.get(path)
            assert resp.status_code in (200, 302, 403), (role, path, resp.status_code, resp.get_data(as_text=True)[:3000])
        for s, i in ids.items():
            resp = c.get(f"/requests/{i}")
            assert resp.status_code in (200, 302, 404), (role, s, resp.get_data(as_text=True)[:3000])
        resp = c.get(f"/requests/library/{ids[S.completed]}")
        assert resp.status_code == 200


def test_swedish_pages_render_with_every_state(app, people, make_user, make_org, login, make_request, make_researcher):
    from app.accounts.constants import Role

    coordinator = make_user(roles=[Role.coordinator], locale="sv")
    researcher = make_researcher(locale="sv")
    member = make_user(locale="sv")
    org = make_org(admins=[member])
    ids = [make_request(org, state=s, assignee=researcher) for s in S]
    for user in (coordinator, researcher, member):
        client = login(user)
        for path in ["/requests/", "/requests/queue?state=all", "/requests/open", "/requests/library",
                     "/notifications/", "/notifications/settings"] + [f"/requests/{i}" for i in ids]:
            response = client.get(path)
            assert response.status_code in (200, 403, 404), (path, response.status_code)
            if response.status_code == 200:
                assert 'lang="sv"' in response.get_data(as_text=True)
    page = login(coordinator).get("/requests/queue?state=all").get_data(as_text=True)
    assert "Samordnarnas kö" in page and "Förfrågningar per läge" in page
    page = login(member).get(f"/requests/{ids[-2]}").get_data(as_text=True)
    assert "Slutförd" in page or "Tillbakadragen" in page
