"""One storage for every uploaded file: a local folder by default, S3-compatible object storage when configured.

Services call `store_file`, `read_file` and `remove_file` with a key such as
"requests/3f2a….pdf"; they never touch paths. A file stored during a transaction that is then
rolled back (or never committed: a request that failed) is removed again, and a file removed
during a transaction disappears only once the transaction commits, so that the database and
the files never disagree.
"""
from pathlib import Path, PurePosixPath

from flask import current_app, has_app_context
from sqlalchemy import event

from app.extensions import db

WRITTEN_KEY = "samverka_files_written"
REMOVED_KEY = "samverka_files_removed"


class MissingFile(LookupError):
    """No file is stored under this key."""


def _checked(key):
    path = PurePosixPath(key)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\x00" in key:
        raise ValueError(f"not a storage key: {key!r}")
    return path


class LocalStorage:
    """Files in a folder on this machine (UPLOAD_FOLDER)."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        return self.root.joinpath(*_checked(key).parts)

    def save(self, key, data, content_type):
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def read(self, key):
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise MissingFile(key) from None

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)

    def exists(self, key):
        return self._path(key).is_file()

    def keys(self):
        """Yield every stored key (for backups)."""
        if self.root.is_dir():
            for path in sorted(self.root.rglob("*")):
                if path.is_file():
                    yield path.relative_to(self.root).as_posix()


class S3Storage:
    """Objects in an S3-compatible bucket, shared by every web server (credentials from the usual AWS variables)."""

    def __init__(self, bucket, endpoint_url=None, region=None, prefix=""):
        import boto3

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or None)

    def _name(self, key):
        _checked(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, key, data, content_type):
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=content_type)

    def read(self, key):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise MissingFile(key) from None

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key):
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError:
            return False
        return True

    def keys(self):
        start = f"{self.prefix}/" if self.prefix else ""
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
            for item in page.get("Contents", []):
                yield item["Key"][len(start):]


def build_storage(config):
    """Return the storage the configuration asks for."""
    if config.get("STORAGE_BACKEND", "local") == "s3":
        return S3Storage(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                         region=config.get("S3_REGION"), prefix=config.get("S3_PREFIX", ""))
    return LocalStorage(config["UPLOAD_FOLDER"])


def file_storage():
    """Return this application's storage (built once)."""
    storage = current_app.extensions.get("samverka_storage")
    if storage is None:
        storage = current_app.extensions["samverka_storage"] = build_storage(current_app.config)
    return storage


def store_file(key, data, content_type):
    """Store a file; it is removed again unless the current transaction commits."""
    db.session.connection()  # begin the transaction, so that its rollback is heard
    file_storage().save(key, data, content_type)
    db.session.info.setdefault(WRITTEN_KEY, []).append(key)


def read_file(key):
    """Return a stored file's bytes; raise MissingFile when there is none."""
    return file_storage().read(key)


def remove_file(key):
    """Remove a stored file once the current transaction commits."""
    db.session.info.setdefault(REMOVED_KEY, []).append(key)


def discard_uncommitted_files():
    """Remove the files stored in a transaction that did not commit (called when a request ends)."""
    for key in db.session.info.pop(WRITTEN_KEY, []):
        _quietly_delete(key)
    db.session.info.pop(REMOVED_KEY, None)


def _quietly_delete(key):
    try:
        file_storage().delete(key)
    except Exception:  # a file left behind is harmless; losing the request's real error is not
        current_app.logger.warning("Could not remove the stored file %s", key, exc_info=True)


def _after_commit(session):
    if session.in_nested_transaction() or not has_app_context():
        return
    session.info.pop(WRITTEN_KEY, None)
    for key in session.info.pop(REMOVED_KEY, []):
        _quietly_delete(key)


def _after_rollback(session, previous_transaction):
    if previous_transaction.nested or not has_app_context():
        return
    for key in session.info.pop(WRITTEN_KEY, []):
        _quietly_delete(key)
    session.info.pop(REMOVED_KEY, None)


event.listen(db.session, "after_commit", _after_commit)
event.listen(db.session, "after_soft_rollback", _after_rollback)


def register(app):
    """Remove the files of a request (or command) that ended without committing them."""

    # At the end of the application context, not of the request: a command that builds request
    # contexts inside one long transaction (demo data) commits only at its very end. This runs
    # before Flask-SQLAlchemy's own teardown, which was registered earlier, removes the session.
    @app.teardown_appcontext
    def discard_files_of_failed_request(error):
        discard_uncommitted_files()
