"""Schemathesis hooks for Duban: sign in as a demo account and keep a working API token.

The fuzzer calls every operation, including `DELETE /api/v1/tokens/{id}`, which may revoke
the token it is using: a fresh token is taken every few seconds so that one revocation does
not turn the rest of the run into 401s. Deadlines are accepted at most ten years ahead of
today, a bound relative to the day of the request that no JSON Schema can state: generated
deadlines further out are brought within it (see `map_body`). It also sends wrong passwords to `POST
/api/v1/session` from 127.0.0.1, which the server rightly throttles; the hook signs in from
another address (the server trusts `X-Forwarded-For` from 127.0.0.1 in this run only).
"""

import datetime
import os
import re

import requests
import schemathesis

BASE = os.environ["DUBAN_FUZZ_BASE"]
USER = os.environ.get("DUBAN_FUZZ_USER", "jx-secretariat")
PASSWORD = os.environ.get("DUBAN_FUZZ_PASSWORD", "duban-demo-2023")


def _own_user_id():
    http = requests.Session()
    http.headers["X-Forwarded-For"] = "192.0.2.7"
    signed_in = http.post(f"{BASE}/api/v1/session", json={"username": USER, "password": PASSWORD}, timeout=30)
    signed_in.raise_for_status()
    return http.get(f"{BASE}/api/v1/me", timeout=30).json()["id"]


# The fuzzer may deactivate, move or reset the password of any account, as an admin may; it
# is kept from doing so to the account it signs in as, which would end the run.
OWN_USER_ID = _own_user_id()


_USER_PATH = "/api/v1/users/{id}"
# An account id no demo database holds: a call meant for the fuzzer's own account goes there
# and is answered 404, which every check accepts.
_NO_SUCH_USER = 987654321


@schemathesis.hook
def filter_path_parameters(ctx, path_parameters):
    operation = ctx.operation
    if operation is not None and operation.path.startswith(_USER_PATH) and path_parameters:
        return path_parameters.get("id") != OWN_USER_ID
    return True


# The stateful phase takes path parameters from the links between operations (the ids that
# `GET /api/v1/users` answers), which `filter_path_parameters` never sees: one such step reset
# the signed-in administrator's own password and every later sign-in failed. Every call passes
# through this hook, whatever phase made it.
@schemathesis.hook
def before_call(ctx, case, **kwargs):
    id = (case.path_parameters or {}).get("id")
    if case.operation.path.startswith(_USER_PATH) and str(id) == str(OWN_USER_ID):
        case.path_parameters["id"] = _NO_SUCH_USER


@schemathesis.auth(refresh_interval=3)
class DemoAccount:
    def get(self, case, ctx):
        http = requests.Session()
        http.headers["X-Forwarded-For"] = "192.0.2.7"
        signed_in = http.post(f"{BASE}/api/v1/session", json={"username": USER, "password": PASSWORD}, timeout=30)
        if not signed_in.ok:
            raise RuntimeError(f"signing in as {USER}: {signed_in.status_code} {signed_in.text}")
        csrf = signed_in.json()["csrf_token"]
        made = http.post(
            f"{BASE}/api/v1/tokens", json={"name": "fuzzer"}, headers={"x-csrf-token": csrf}, timeout=30
        )
        made.raise_for_status()
        return made.json()["token"]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


# Duban refuses a deadline more than ten years ahead with 422 naming the field (the working-day
# arithmetic and the pages need a sane bound). The bound moves with the calendar, so the schema
# cannot carry it; a schema-valid deadline beyond it would otherwise count as a valid request
# rejected. Such a deadline is moved to next year, keeping its month, day and time, so the
# request still exercises everything else it was generated to.
_HORIZON_YEARS = 9
_YEAR = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _within_horizon(value):
    match = _YEAR.match(value)
    if match is None:
        return value
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    this_year = datetime.datetime.now(datetime.timezone.utc).year
    if int(match.group(1)) <= this_year + _HORIZON_YEARS:
        return value
    month, day = match.group(2), match.group(3)
    if (month, day) == ("02", "29"):
        day = "28"
    return f"{this_year + 1:04d}-{month}-{day}{value[10:]}"


def _deadlines_within_horizon(value):
    if isinstance(value, dict):
        return {
            key: _within_horizon(item)
            if key.endswith("deadline") and isinstance(item, str)
            else _deadlines_within_horizon(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_deadlines_within_horizon(item) for item in value]
    return value


@schemathesis.hook
def map_body(ctx, body):
    return _deadlines_within_horizon(body)
