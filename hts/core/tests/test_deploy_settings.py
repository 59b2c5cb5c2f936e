"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

# What the test run sets for itself (config/test_env.py), which a production host would not have.
TEST_ONLY = {
    "DJANGO_DEBUG",
    "STATIC_FROM_SOURCE",
    "FAST_PASSWORD_HASHER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_SSL_REDIRECT",
}

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60 + "-a-long-random-production-key",
    "ALLOWED_HOSTS": "bzr.jyj.example.gov.cn",
    "DATABASE_URL": "postgres://hts:secret@db.example:5432/hts",
}


def _run(*args: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.pop("SECRET_KEY", None)
    env.update(extra_env)
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _run("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _run("check", extra_env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
