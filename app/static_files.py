"""Static files: fingerprinted names, served by WhiteNoise with a cache lifetime of a year.

At start-up each file under app/static gets a second address with a hash of its content in its
name (`css/samverka.css` -> `css/samverka.3f2a1b9c0d.css`). `url_for("static", ...)` gives that
address, which WhiteNoise answers with `Cache-Control: public, max-age=31536000, immutable`: a
changed file has another name, so a browser or proxy may keep one for ever. The plain names still
work (for old pages and mail), kept for a minute only.
"""
import hashlib
from pathlib import Path

from whitenoise import WhiteNoise

PLAIN_SECONDS = 60
ONE_YEAR = 31536000


def fingerprinted(filename: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:12]
    path = Path(filename)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def init_app(app):
    root = Path(app.static_folder)
    prefix = app.static_url_path.strip("/") + "/"
    manifest = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        manifest[name] = fingerprinted(name, path.read_bytes())
    from app import security_headers

    immutable = {f"/{prefix}{hashed}" for hashed in manifest.values()}
    server = WhiteNoise(app.wsgi_app, root=str(root), prefix=prefix, max_age=PLAIN_SECONDS,
                        immutable_file_test=lambda _path, url: url in immutable,
                        add_headers_function=lambda headers, _path, _url: security_headers(app, headers))
    server.FOREVER = ONE_YEAR
    for name, hashed in manifest.items():
        server.add_file_to_dictionary(f"/{prefix}{hashed}", str(root / name))
    app.wsgi_app = server
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def fingerprint_static(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]
