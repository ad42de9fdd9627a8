"""Static files: fingerprinted addresses, kept for a year; the plain names still answer."""
import re


def test_pages_link_fingerprinted_static_files_served_as_immutable(client):
    page = client.get("/about").get_data(as_text=True)
    css = re.search(r'href="(/static/css/samverka\.[0-9a-f]{12}\.css)"', page).group(1)
    js = re.search(r'src="(/static/js/samverka\.[0-9a-f]{12}\.js)"', page).group(1)
    for url in (css, js):
        response = client.get(url)
        response.close()
        assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    hashed = client.get(css)
    plain = client.get("/static/css/samverka.css")
    assert "text/css" in hashed.headers["Content-Type"]
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
    assert plain.get_data() == hashed.get_data()
    plain.close()
    hashed.close()


def test_a_changed_file_gets_another_address():
    from app.static_files import fingerprinted

    assert fingerprinted("css/a.css", b"one") != fingerprinted("css/a.css", b"two")
    assert fingerprinted("css/a.css", b"one").startswith("css/a.") and fingerprinted("a.css", b"x").endswith(".css")
