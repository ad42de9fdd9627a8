"""Serving uploaded files: always as a download, of a type checked against what was stored."""
import io

from flask import abort, current_app, has_app_context, send_file

from app.storage import MissingFile, read_file

# content type -> the bytes every file of that type starts with
ALLOWED_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def max_upload_bytes():
    """Return the largest file a person may upload: config MAX_UPLOAD_BYTES (10 MB)."""
    if has_app_context():
        return current_app.config["MAX_UPLOAD_BYTES"]
    from config import Config

    return Config.MAX_UPLOAD_BYTES


def send_upload(data, content_type, filename):
    """Answer with an uploaded file as an attachment; 404 unless its type is allowed and its content matches."""
    starts = ALLOWED_TYPES.get(content_type)
    if starts is None or not data.startswith(starts):
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=filename,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def send_stored(key, content_type, filename):
    """Answer with a stored upload as an attachment; 404 when the file is gone or not what it claims to be."""
    try:
        data = read_file(key)
    except MissingFile:
        abort(404)
    return send_upload(data, content_type, filename)
