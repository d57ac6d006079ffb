"""The API's 4xx bodies with FastAPI's test client on SQLite: a request that fails validation
is answered 422 with FastAPI's machine-readable `detail` and a Russian `message` naming the
parameter, on every route; a filter with a closed set of values (topic codes, date kinds,
statuses) refuses a value outside it instead of ignoring it; the router's own 404 and 405
are in Russian; a refusal of an anonymous caller comes before validation and is logged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import jsonschema
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import create_app
from model import WhenKind
from normalizer.topics import topic_labels
from store import open_store
from store.audit import AuditLog
from tests.accounts import KOZELSK, add_accounts, build_order

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
def store(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as opened:
        yield opened


@pytest.fixture
def tokens(store) -> dict[str, str]:
    return add_accounts(store)


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(create_app(store))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(answer, param: str) -> dict:
    """A 422 whose `detail` names `param` and whose `message` gives the reason in Russian."""
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert any(error["loc"][-1] == param for error in body["detail"]), body
    assert f"«{param}»" in body["message"] and CYRILLIC.search(body["message"]), body["message"]
    return body


def test_an_unknown_topic_code_is_refused_and_a_known_one_filters(client, tokens, tmp_path) -> None:
    token = auth(tokens["metod"])
    plan = build_order(tmp_path / "план.docx", KOZELSK, rows=20)
    stored = client.post("/documents", headers=token, files={"file": ("план.docx", plan.read_bytes())})
    assert stored.status_code == 201, stored.text
    codes = {m["code"] for a in client.get("/activities", headers=token).json()["items"] for m in a["topics"]}
    assert codes, "the generated plan's activities have topics"
    code = sorted(codes)[0]
    found = client.get("/activities", headers=token, params={"topic": code}).json()
    assert found["total"] > 0 and all(code in {m["code"] for m in a["topics"]} for a in found["items"])

    answer = client.get("/activities", headers=token, params={"topic": [code, "школа"]})
    body = assert_refused(answer, "topic")
    assert [(e["type"], e["input"]) for e in body["detail"]] == [("unknown_value", "школа")]
    assert "«школа»" in body["message"] and all(known in body["message"] for known in topic_labels())


def test_closed_sets_name_their_values_in_russian(client, tokens) -> None:
    token = auth(tokens["admin"])
    body = assert_refused(client.get("/activities", headers=token, params={"kind": "weekly"}), "kind")
    assert all(kind in body["message"] for kind in get_args(WhenKind)) and " или " in body["message"]
    assert_refused(client.get("/documents", headers=token, params={"status": "broken"}), "status")
    assert_refused(client.get("/audit", headers=token, params={"outcome": "maybe"}), "outcome")
    answer = client.get("/activities", headers=token, params={"date_from": "01.09.2021", "limit": 0})
    body = assert_refused(answer, "date_from")
    assert "ГГГГ-ММ-ДД" in body["message"] and "не меньше 1" in body["message"]


def test_every_route_answers_a_bad_request_with_a_russian_reason(client, tokens) -> None:
    """Each route given a non-numeric id, a limit of 0 or no body where it needs one."""
    token, checked = auth(tokens["admin"]), []
    documented = client.app.openapi()["paths"]
    for route in client.app.routes:
        if not isinstance(route, APIRoute) or route.path in {"/health", "/tokens"}:
            continue
        path = re.sub(r"\{[^}]*_id\}", "первый", route.path).replace("{kind}", "xlsx")
        for method in route.methods:
            params = {p["name"] for p in documented[route.path][method.lower()].get("parameters", [])}
            query = {"limit": 0} if "limit" in params and path == route.path else {}
            answer = client.request(method, path, headers=token, params=query)
            assert answer.status_code == 422, (method, path, answer.text)
            body = answer.json()
            assert body["detail"] and all({"type", "loc", "msg"} <= set(error) for error in body["detail"])
            assert CYRILLIC.search(body["message"]), (method, path, body["message"])
            checked.append(f"{method} {route.path}")
    assert len(checked) >= 12 and "POST /documents" in checked and "GET /activities" in checked


def test_a_body_the_model_refuses_keeps_its_own_russian_reason(client, tokens) -> None:
    token = auth(tokens["metod"])
    answer = client.post("/comparisons", headers=token, json={"template_id": "шаблон"})
    body = assert_refused(answer, "template_id")
    assert "поле тела запроса «template_id»: нужно целое число" in body["message"]
    assert "«plan_id»: обязательное значение не указано" in body["message"]
    decision = {"kind": "match", "verdict": "covered", "template": "1", "plan": "1"}
    answer = client.post("/comparisons/1/review/decisions", headers=token, json=decision)
    assert answer.status_code == 422 and "не подходит" in answer.json()["message"]
    answer = client.post(
        "/comparisons", headers={**token, "Content-Type": "application/json"}, content=b"{template_id"
    )
    assert answer.status_code == 422 and "не JSON" in answer.json()["message"]


def test_the_router_answers_in_russian(client, tokens) -> None:
    token = auth(tokens["metod"])
    assert client.get("/nowhere", headers=token).json() == {"detail": "такого адреса нет"}
    answer = client.patch("/documents", headers=token)
    assert answer.status_code == 405 and CYRILLIC.search(answer.json()["detail"])
    missing = client.get("/documents/999", headers=token)
    assert missing.status_code == 404 and missing.json()["detail"] == "документ 999 не найден"


def test_an_anonymous_caller_is_refused_before_the_query_is_checked(client, store, tokens) -> None:
    answer = client.get("/activities", params={"topic": "школа", "limit": 0})
    assert answer.status_code == 401 and "токен" in answer.json()["detail"]
    answer = client.get("/activities", headers=auth("rm_invented"), params={"kind": "weekly"})
    assert answer.status_code == 401
    refused = [(e.actor, e.target, e.detail) for e in AuditLog(store).entries(outcome="refused")]
    assert refused == [
        (None, "GET /activities", "токен недействителен или отозван"),
        (None, "GET /activities", "нужен токен: заголовок Authorization: Bearer <токен>"),
    ]


def test_an_anonymous_caller_is_refused_before_any_body_is_read_or_route_looked_up(
    client, store, tokens, tmp_path
) -> None:
    sent = []

    def chunks():  # the client sends each chunk only when the server asks for the body
        for n in range(3):
            sent.append(n)
            yield b"{not json"

    broken = client.post("/comparisons", content=chunks(), headers={"Content-Type": "application/json"})
    assert broken.status_code == 401 and broken.headers["WWW-Authenticate"] == "Bearer"
    assert sent == []
    plan = build_order(tmp_path / "план.docx", KOZELSK).read_bytes()
    upload = client.post("/documents", headers=auth("rm_invented"), files={"file": ("план.docx", plan)})
    assert upload.status_code == 401 and store.stats()["documents"] == 0
    assert client.get("/nowhere").status_code == 401  # an anonymous caller learns no routes
    assert client.get("/openapi.json").status_code == 200 and client.get("/docs").status_code == 200
    with_token = client.post("/comparisons", content=b"{not json", headers=auth(tokens["metod"]))
    assert with_token.status_code == 422
    refused = [(e.actor, e.target) for e in AuditLog(store).entries(outcome="refused")]
    assert refused == [(None, "GET /nowhere"), (None, "POST /documents"), (None, "POST /comparisons")]


def documented(openapi: dict, method: str, path: str, status: int) -> dict:
    """The body schema OpenAPI gives for `status` of `method path`, with its components."""
    schema = openapi["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}


def test_openapi_documents_the_bodies_the_refusals_really_have(client, tokens) -> None:
    openapi = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in openapi["components"]["schemas"]  # FastAPI's, without `message`
    analyst, metod = auth(tokens["analyst"]), auth(tokens["metod"])
    not_a_document = {"file": ("пустой.docx", b"")}
    real = [
        ("get", "/activities", 422, client.get("/activities", headers=metod, params={"limit": 10_000})),
        ("post", "/documents", 422, client.post("/documents", headers=metod)),  # no file
        ("post", "/documents", 422, client.post("/documents", headers=metod, files=not_a_document)),
        ("post", "/documents", 403, client.post("/documents", headers=analyst, files=not_a_document)),
        ("get", "/documents/{document_id}", 404, client.get("/documents/999", headers=metod)),
        ("get", "/documents", 401, client.get("/documents")),
    ]
    for method, path, status, answer in real:
        assert answer.status_code == status, answer.text
        jsonschema.validate(answer.json(), documented(openapi, method, path, status))
    activities_422 = documented(openapi, "get", "/activities", 422)
    with pytest.raises(jsonschema.ValidationError, match="message"):
        jsonschema.validate({"detail": real[0][3].json()["detail"]}, activities_422)


def test_every_route_but_health_documents_its_401(client) -> None:
    openapi = client.get("/openapi.json").json()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            assert ("401" in operation["responses"]) == (path != "/health"), (method, path)
