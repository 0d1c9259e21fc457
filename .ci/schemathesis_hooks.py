"""Schemathesis hooks for ocop (loaded by .ci/schemathesis through SCHEMATHESIS_HOOKS).

- Values for the document's own string formats, so that generated producers and products
  can pass the rules a JSON Schema cannot state (check digits): `vn-tax-code`, `gtin`.
- A central administrator's bearer token on every request. The token is signed in again,
  from another loopback address, after the run itself signs out (DELETE /api/v1/session)
  or when the server answers 401: the run's own failed sign-ins throttle its address
  (README, "Security"), not the other one.
"""

import http.client
import json
import os

import schemathesis
from hypothesis import strategies as st

TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def _tax_code(nine):
    total = sum(int(d) * w for d, w in zip(nine, TAX_WEIGHTS))
    check = 10 - total % 11
    return nine + str(check) if check <= 9 else None


def _gtin(body):
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


schemathesis.openapi.format(
    "vn-tax-code",
    st.from_regex(r"\A[0-9]{9}\Z").map(_tax_code).filter(lambda code: code is not None),
)
schemathesis.openapi.format(
    "gtin",
    st.sampled_from([7, 11, 12, 13])
    .flatmap(lambda n: st.from_regex(r"\A[0-9]{%d}\Z" % n))
    .map(_gtin),
)

SESSION = "/api/v1/session"


def _sign_in():
    """A new token, signed in from 127.0.0.2 (the run's requests come from 127.0.0.1)."""
    host, port = os.environ["OCOP_FUZZ_HOST"], int(os.environ["OCOP_FUZZ_PORT"])
    connection = http.client.HTTPConnection(host, port, timeout=30, source_address=("127.0.0.2", 0))
    body = json.dumps({"email": os.environ["OCOP_FUZZ_EMAIL"], "password": os.environ["OCOP_FUZZ_PASSWORD"]})
    connection.request("POST", SESSION, body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    if response.status != 201:
        raise RuntimeError(f"sign-in for the fuzz run answered {response.status}: {answer[:200]!r}")
    return json.loads(answer)["token"]


class _Token:
    value = None


@schemathesis.auth(refresh_interval=None)
class CentralAdministrator:
    def get(self, case, context):
        if _Token.value is None:
            _Token.value = _sign_in()
        return _Token.value

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def after_call(context, case, response):
    signed_out = case.method.upper() == "DELETE" and case.path == SESSION and response.status_code == 204
    sent = (case.headers or {}).get("Authorization")
    if signed_out and sent == f"Bearer {_Token.value}":
        _Token.value = None
