"""`flask backup check` restores a backup of the demo data into a scratch database and finds equal counts."""
import json

import sqlalchemy as sa

from app.extensions import db


def test_backup_check_on_the_demo_data_reports_equal_counts(app, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "check"])
    assert result.exit_code == 0, result.output
    assert "The backup restores" in result.output and "DIFFERS" not in result.output
    assert "requests " in result.output and "uploaded files" in result.output


def test_a_backup_that_lost_rows_is_reported(app, demo, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["row_counts"]["users"] > 0
    assert any(key.startswith("certification/demo-") for key in manifest["files"])  # the demo evidence stays
    with app.app_context():
        live = db.session.scalar(sa.text("SELECT count(*) FROM users"))
    assert manifest["row_counts"]["users"] == live
    manifest["row_counts"]["users"] += 1  # as if the dump had missed a row
    (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
    result = runner.invoke(args=["backup", "check", "--from", str(tmp_path / "b")])
    assert result.exit_code != 0 and "DIFFERS" in result.output
