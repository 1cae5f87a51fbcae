"""Production mode: what `check --deploy` and a browser see, with production values."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "yesnomaybe.example",
    "CSRF_TRUSTED_ORIGINS": "https://yesnomaybe.example",
    "BEHIND_PROXY": "1",
}


def run(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    """Runs Python in a fresh process with production's environment (no DEBUG, no test settings)."""
    local = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "SINGLE_PROCESS"}
    env = {key: value for key, value in os.environ.items() if key not in local}
    env.update({"DJANGO_SETTINGS_MODULE": "kinklist.settings", **PRODUCTION, **environment})
    return subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


SHOWN = [
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "DEBUG",
    "SESSION_ENGINE",
]


def production_settings(**environment: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SHOWN}}}))"
    )
    result = run("-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sessions_stay_in_the_database_even_with_a_shared_cache():
    values = production_settings(REDIS_URL="redis://127.0.0.1:6379/15")

    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_production_cookies_are_secure_host_bound_and_lax():
    values = production_settings()

    assert values["SESSION_COOKIE_NAME"] == "__Host-session"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["DEBUG"] is False


def test_production_https_responses_carry_hsts_for_a_year_with_subdomains(tmp_path):
    # robots.txt needs neither database nor collected static files; an empty database makes sure no real
    # one is touched.
    code = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/robots.txt', secure=True, HTTP_HOST='yesnomaybe.example'); "
        "print(response['Strict-Transport-Security'])"
    )
    result = run("-c", code, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "max-age=31536000; includeSubDomains"


def test_production_hashes_passwords_with_argon2id():
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import make_password; "
        "print(make_password('a-long-pass-phrase-9'))"
    )
    result = run("-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("argon2$argon2id$")


def test_production_refuses_to_serve_without_a_shared_cache_unless_one_process_is_meant():
    unshared = run("-c", "import kinklist.wsgi")

    assert unshared.returncode != 0
    assert "REDIS_URL is not set" in unshared.stderr
    assert run("-c", "import kinklist.wsgi", REDIS_URL="redis://127.0.0.1:6379/15").returncode == 0
    assert run("-c", "import kinklist.wsgi", SINGLE_PROCESS="1").returncode == 0


def gunicorn_workers(**environment: str) -> int:
    code = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    result = run("-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_one_process_means_one_gunicorn_worker():
    assert gunicorn_workers(SINGLE_PROCESS="1", WEB_CONCURRENCY="5") == 1
    assert gunicorn_workers(WEB_CONCURRENCY="5") == 5


def test_a_saturation_threshold_that_would_never_or_always_warn_is_refused():
    for threshold in ("0.5", "0.3", "1.01"):
        result = run("manage.py", "check", SATURATION_THRESHOLD=threshold)
        assert result.returncode != 0, threshold
        assert "SATURATION_THRESHOLD must be above 0.5 and at most 1" in result.stderr, threshold
    assert run("manage.py", "check", SATURATION_THRESHOLD="1").returncode == 0


def test_the_benchmarks_baseline_views_are_not_in_productions_urls():
    code = (
        "import django, sys; django.setup(); from django.conf import settings; "
        "from django.urls import Resolver404, resolve\n"
        "print(settings.ROOT_URLCONF)\n"
        "for path in sys.argv[1:]:\n"
        "    try: print(resolve(path).func.__name__)\n"
        "    except Resolver404: print('404')"
    )
    paths = ["/bench/baseline/", "/bench/baseline/read/", "/bench/baseline/write/"]
    production = run("-c", code, *paths)
    bench = run("-c", code, *paths, BENCH_BASELINE="1")

    assert production.stdout.split() == ["kinklist.urls", "404", "404", "404"], production.stderr
    assert bench.stdout.split() == ["kinklist.bench_urls", "baseline", "read_baseline", "write_baseline"], (
        bench.stderr
    )


@override_settings(ROOT_URLCONF="kinklist.bench_urls")
def test_the_benchmarks_baselines_read_and_write_the_visitors_own_row(alice, client, db):
    from checklist.models import Participant

    Participant.objects.update(last_seen=timezone.now() - timedelta(days=3))

    assert alice.get("/bench/baseline/read/").content == b"ok"
    assert alice.post("/bench/baseline/write/").content == b"ok"
    assert timezone.now() - Participant.objects.get().last_seen < timedelta(minutes=1)
    assert client.get("/bench/baseline/read/").content == b"nobody"
    assert client.post("/bench/baseline/write/").content == b"nobody"
    assert alice.get("/bench/baseline/write/").status_code == 405
