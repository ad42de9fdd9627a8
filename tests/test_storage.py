"""The one storage of uploads, on a local folder and on an S3-compatible server (moto in server mode)."""
import pytest

from app.errors import DomainError
from app.extensions import db
from app.storage import LocalStorage, MissingFile, S3Storage, file_storage, read_file, remove_file, store_file
from tests.storage_backends import PDF, s3_server, s3_settings, storage_app, storage_settings  # noqa: F401


def test_the_configured_backend_is_used(storage_app, storage_settings):
    with storage_app.app_context():
        expected = S3Storage if storage_settings["STORAGE_BACKEND"] == "s3" else LocalStorage
        assert isinstance(file_storage(), expected)


def test_a_file_round_trips(storage_app):
    with storage_app.app_context():
        storage = file_storage()
        storage.save("requests/abc.pdf", PDF, "application/pdf")
        assert storage.exists("requests/abc.pdf") and storage.read("requests/abc.pdf") == PDF
        assert "requests/abc.pdf" in list(storage.keys())
        storage.delete("requests/abc.pdf")
        assert not storage.exists("requests/abc.pdf")
        with pytest.raises(MissingFile):
            storage.read("requests/abc.pdf")


@pytest.mark.parametrize("key", ["../etc/passwd", "/etc/passwd", "requests/../../x", "a\x00b", ""])
def test_keys_cannot_leave_the_storage(storage_app, key):
    with storage_app.app_context(), pytest.raises(ValueError):
        file_storage().save(key, b"x", "text/plain")


def test_a_file_stored_in_a_committed_transaction_stays(storage_app):
    with storage_app.app_context():
        store_file("certification/kept.pdf", PDF, "application/pdf")
        db.session.commit()
        assert read_file("certification/kept.pdf") == PDF


def test_a_file_stored_in_a_rolled_back_transaction_is_removed(storage_app):
    with storage_app.app_context():
        store_file("certification/dropped.pdf", PDF, "application/pdf")
        db.session.rollback()
        assert not file_storage().exists("certification/dropped.pdf")


def test_a_file_removed_goes_only_when_the_transaction_commits(storage_app):
    with storage_app.app_context():
        file_storage().save("certification/old.pdf", PDF, "application/pdf")
        remove_file("certification/old.pdf")
        db.session.rollback()
        assert file_storage().exists("certification/old.pdf")
        remove_file("certification/old.pdf")
        db.session.commit()
        assert not file_storage().exists("certification/old.pdf")


def test_files_written_by_a_request_that_then_fails_are_removed(storage_app):
    def upload_then_fail(outcome):
        store_file(f"requests/{outcome}.pdf", PDF, "application/pdf")
        if outcome == "conflict":
            raise DomainError("Something else was wrong.")
        if outcome == "crash":
            raise RuntimeError("a bug after the upload")
        if outcome == "commit":
            db.session.commit()
        return "done"

    storage_app.config["PROPAGATE_EXCEPTIONS"] = False
    storage_app.add_url_rule("/upload-for-test/<outcome>", "upload_for_test", upload_then_fail, methods=["POST"])
    client = storage_app.test_client()
    assert client.post("/upload-for-test/conflict").status_code == 409
    assert client.post("/upload-for-test/crash").status_code == 500
    assert client.post("/upload-for-test/forgotten").status_code == 200  # never committed
    assert client.post("/upload-for-test/commit").status_code == 200
    with storage_app.app_context():
        storage = file_storage()
        assert [storage.exists(f"requests/{o}.pdf") for o in ("conflict", "crash", "forgotten", "commit")] == [
            False, False, False, True]
