"""Storage fixtures shared by the tests that run on both backends: a local folder and moto's S3 server."""
import pytest

from tests.conftest import free_port

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "samverka-test"


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible endpoint for the whole session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_server, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    import boto3

    client = boto3.client("s3", endpoint_url=s3_server, region_name="eu-north-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    yield {"STORAGE_BACKEND": "s3", "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_server, "S3_REGION": "eu-north-1"}
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture(params=["local", "s3"])
def storage_settings(request, tmp_path):
    """Application settings for each storage backend."""
    if request.param == "local":
        return {"STORAGE_BACKEND": "local", "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    return request.getfixturevalue("s3_settings")


@pytest.fixture
def storage_app(make_app, storage_settings):
    return make_app(**storage_settings)
