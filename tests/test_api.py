"""The HTTP API with FastAPI's test client, on SQLite and on a real PostgreSQL: tokens, roles,
municipal visibility, uploads (the stored record or the typed Russian error), activities,
comparisons and their exports; every refusal lands in the audit log. One test runs
`roadmap serve` as a real uvicorn process on a loopback port."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import docx
import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update
from typer.testing import CliRunner

from api import create_app
from extractor import extract
from store import open_store, users
from store.audit import AuditLog
from store.reviews import Reviews
from store.schema import utcnow
from store.users import MAX_FAILURES, TOKEN_CACHE_SECONDS, Accounts, TokenRow
from store.work import Extracted
from store.writer import write_extracted
from tests.accounts import KOZELSK, PASSWORD, REGION, ZHUKOV, add_accounts, build_order
from tests.test_spreadsheet_reader import full_rows, workbook_file
from tests.test_store_server import BACKENDS, fresh_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url, open_store(url) as opened:
        yield opened


@pytest.fixture
def tokens(store) -> dict[str, str]:
    return add_accounts(store)


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(create_app(store))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(client: TestClient, token: str, path: Path, name: str | None = None) -> httpx.Response:
    with path.open("rb") as handle:
        return client.post("/documents", headers=auth(token), files={"file": (name or path.name, handle)})


def refusals(store) -> list:
    return AuditLog(store).entries(outcome="refused")


@pytest.fixture
def documents(client, tokens, tmp_path: Path) -> dict[str, int]:
    """A regional template and a plan of each of two municipalities, uploaded by the methodist."""
    ids = {}
    for key, letterhead, seed in (("region", REGION, 0), ("kozelsk", KOZELSK, 1), ("zhukov", ZHUKOV, 2)):
        answer = upload(client, tokens["metod"], build_order(tmp_path / f"{key}.docx", letterhead, seed=seed))
        assert answer.status_code == 201, answer.text
        ids[key] = answer.json()[0]["id"]
    return ids


def test_every_route_but_health_refuses_an_anonymous_caller(client, store) -> None:
    routes = [
        (method, re.sub(r"\{[^}]+\}", "1", route.path).replace("export.1", "export.xlsx"))
        for route in client.app.routes
        if isinstance(route, APIRoute) and route.path != "/health"
        for method in route.methods
    ]
    assert len(routes) >= 9
    for method, path in routes:
        answer = client.request(method, path)
        assert answer.status_code == 401, (method, path)
        assert answer.json()["detail"].startswith("нуж")
    assert client.get("/health").json()["status"] == "ok"
    logged = {(e.target, e.actor) for e in refusals(store)}
    assert logged == {(f"{m} {p}", None) for m, p in routes}


def test_upload_returns_the_stored_record_or_the_typed_error(client, store, tokens, tmp_path: Path) -> None:
    plan = build_order(tmp_path / "план.docx", KOZELSK)
    answer = upload(client, tokens["kozelsk"], plan, name="/etc/план.docx")
    assert answer.status_code == 201
    [record] = answer.json()
    assert record["file_name"] == record["location"] == "план.docx" and record["status"] == "ok"
    assert record["activity_count"] == len(extract(plan).activities) > 0
    assert record["municipality"] == "Козельский район"

    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    answer = upload(client, tokens["kozelsk"], empty, name="../../etc/пустой.docx")
    assert answer.status_code == 422
    [failure] = answer.json()["detail"]
    assert failure["status"] == "failed" and failure["location"] == "пустой.docx"
    assert failure["stage"] and re.search("[а-я]", failure["reason"])
    uploads = [(e.actor, e.outcome) for e in AuditLog(store).entries() if e.action == "upload"]
    assert uploads == [("kozelsk", "failed"), ("kozelsk", "ok")]


def test_a_road_map_kept_as_a_workbook_is_uploaded_with_its_activities(
    client, tokens, tmp_path: Path
) -> None:
    path = tmp_path / "план.xlsx"
    numbers = workbook_file(path, full_rows(4))
    answer = upload(client, tokens["metod"], path)
    assert answer.status_code == 201, answer.text
    [record] = answer.json()
    assert (record["format"], record["activity_count"]) == ("xlsx", len(numbers))


def test_a_document_read_from_a_server_folder_never_shows_that_folder_to_a_client(
    client, store, tokens, tmp_path: Path
) -> None:
    inbox = tmp_path / "server-only-folder" / "inbox"
    inbox.mkdir(parents=True)
    template = build_order(inbox / "шаблон.docx", REGION)
    with zipfile.ZipFile(inbox / "планы.zip", "w") as archive:
        archive.writestr("2026/план.docx", build_order(tmp_path / "план.docx", KOZELSK, seed=1).read_bytes())
    (inbox / "пусто.txt").write_text("Письмо без плана мероприятий.", encoding="utf-8")
    results = {
        Path(r.location).name: r
        for r in store.ingest_many([template, inbox / "планы.zip", inbox / "пусто.txt"]).results
    }
    ids = {name: r.document_id for name, r in results.items()}
    assert store.record(ids["план.docx"]).location == f"{inbox}/планы.zip!/2026/план.docx"  # stored as is

    token = auth(tokens["metod"])
    answers = [
        client.get("/documents", headers=token),
        client.get(f"/documents/{ids['шаблон.docx']}", headers=token),
    ]
    answers.append(client.get(f"/documents/{ids['шаблон.docx']}/content", headers=token))
    for plan in ("план.docx", "пусто.txt"):
        pair = {"template_id": ids["шаблон.docx"], "plan_id": ids[plan]}
        saved = client.post("/comparisons", headers=token, json=pair)
        answers += [saved, client.get(f"/comparisons/{saved.json()['id']}", headers=token)]
    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert "server-only-folder" not in answer.text and str(tmp_path) not in answer.text
    shown = {r["file_name"]: r["location"] for r in answers[0].json()}
    assert shown == {
        "шаблон.docx": "шаблон.docx",
        "план.docx": "планы.zip!/2026/план.docx",
        "пусто.txt": "пусто.txt",
    }
    assert answers[2].json()["source"] == "шаблон.docx"
    empty = answers[-1].json()["comparison"]
    assert empty["plan_source"] == "пусто.txt" and empty["template_source"] == "шаблон.docx"
    assert [f["evidence"]["file"] for f in empty["findings"] if f["rule"] == "empty_plan"] == ["пусто.txt"]


def test_a_failure_whose_exception_names_a_server_path_shows_only_the_file_name(
    client, store, tokens
) -> None:
    # a converter's or OCR's exception text names the temporary file it read
    detail = "CalledProcessError: Command '['soffice', '/tmp/roadmap-office-k2x/upload.doc']' returned 1"
    reason = "не удалось прочитать /srv/inbox/2026/план.doc"
    failed = Extracted(
        "/srv/inbox/2026/план.doc", "план.doc", "e" * 64, 10, reason=reason, detail=detail, stage="extract"
    )
    document_id = write_extracted(store.sessions, failed).document_id
    assert store.record(document_id).error_detail == detail  # stored as is

    token = auth(tokens["metod"])
    listed = client.get("/documents", headers=token)
    [shown] = [r for r in listed.json() if r["id"] == document_id]
    assert shown == client.get(f"/documents/{document_id}", headers=token).json()
    assert shown["error_detail"] == "CalledProcessError: Command '['soffice', 'upload.doc']' returned 1"
    assert (shown["error"], shown["location"]) == ("не удалось прочитать план.doc", "план.doc")
    assert "/srv" not in listed.text and "/tmp" not in listed.text


def test_a_document_that_did_not_load_is_refused_and_the_refusal_logged(
    client, store, tokens, documents
) -> None:
    failed = Extracted(
        "/srv/inbox/план.doc", "план.doc", "f" * 64, 10, reason="не удалось прочитать /srv/inbox/план.doc"
    )
    document_id = write_extracted(store.sessions, failed).document_id
    token = auth(tokens["metod"])

    content = client.get(f"/documents/{document_id}/content", headers=token)
    assert content.status_code == 409
    assert content.json()["detail"] == "документ не загружен: не удалось прочитать план.doc"
    pair = {"template_id": documents["region"], "plan_id": document_id}
    compared = client.post("/comparisons", headers=token, json=pair)
    assert compared.status_code == 409
    assert compared.json()["detail"] == f"документ {document_id} не загружен: не удалось прочитать план.doc"
    logged = [(e.actor, e.action, e.target, e.detail) for e in reversed(refusals(store))]
    assert logged == [
        ("metod", "api", f"GET /documents/{document_id}/content", content.json()["detail"]),
        ("metod", "api", "POST /comparisons", compared.json()["detail"]),
    ]
    assert not store.comparisons()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(store, tokens) -> None:
    client = TestClient(create_app(store, max_upload_mb=1))
    big = io.BytesIO(b"x" * (2 * 1024 * 1024))
    answer = client.post("/documents", headers=auth(tokens["metod"]), files={"file": ("big.txt", big)})
    assert answer.status_code == 413 and "МБ" in answer.json()["detail"]
    assert store.documents() == []
    assert [e.target for e in refusals(store)] == ["POST /documents"]


def test_an_analyst_reads_but_may_not_upload_or_compare(client, store, tokens, documents, tmp_path) -> None:
    token = tokens["analyst"]
    assert client.get("/documents", headers=auth(token)).status_code == 200
    assert client.get("/activities", headers=auth(token)).json()["total"] > 0
    answer = upload(client, token, build_order(tmp_path / "x.docx", REGION, seed=5))
    assert answer.status_code == 403 and "аналитик" in answer.json()["detail"]
    pair = {"template_id": documents["region"], "plan_id": documents["kozelsk"]}
    assert client.post("/comparisons", headers=auth(token), json=pair).status_code == 403
    assert client.get("/audit", headers=auth(token)).status_code == 403
    assert [(e.actor, e.target) for e in refusals(store)] == [
        ("analyst", "GET /audit"),
        ("analyst", "POST /comparisons"),
        ("analyst", "POST /documents"),
    ]


def test_a_municipal_specialist_sees_only_their_municipality(client, store, tokens, documents) -> None:
    own, other = auth(tokens["kozelsk"]), documents["zhukov"]
    listed = {d["id"] for d in client.get("/documents", headers=own).json()}
    assert listed == {documents["region"], documents["kozelsk"]}
    assert client.get(f"/documents/{documents['kozelsk']}", headers=own).status_code == 200
    assert client.get(f"/documents/{other}", headers=own).status_code == 404
    assert client.get(f"/documents/{other}/content", headers=own).status_code == 404
    found = client.get("/activities", headers=own, params={"municipality": "Жуковский район"}).json()
    assert found["total"] > 0 and {a["municipality"] for a in found["items"]} == {"Козельский район"}

    pair = {"template_id": documents["region"], "plan_id": other}
    saved = client.post("/comparisons", headers=auth(tokens["metod"]), json=pair).json()
    assert client.get(f"/comparisons/{saved['id']}", headers=own).status_code == 404
    assert client.get(f"/comparisons/{saved['id']}/export.xlsx", headers=own).status_code == 404
    assert client.post("/comparisons", headers=own, json=pair).status_code == 404
    mine = {"template_id": documents["region"], "plan_id": documents["kozelsk"]}
    assert client.post("/comparisons", headers=own, json=mine).status_code == 201
    refused = [e for e in refusals(store) if e.actor == "kozelsk"]
    assert len(refused) == 5 and all("муниципалитет" in e.detail for e in refused)


def test_a_document_is_deleted_by_whom_the_role_allows(client, store, tokens, comparisons, documents) -> None:
    region, kozelsk, zhukov = (f"/documents/{documents[key]}" for key in ("region", "kozelsk", "zhukov"))
    assert client.delete(kozelsk, headers=auth(tokens["analyst"])).status_code == 403
    assert client.delete(region, headers=auth(tokens["kozelsk"])).status_code == 403
    assert client.delete(zhukov, headers=auth(tokens["kozelsk"])).status_code == 404
    assert client.delete(kozelsk, headers=auth(tokens["kozelsk"])).status_code == 204
    assert client.get(kozelsk, headers=auth(tokens["metod"])).status_code == 404
    assert (
        client.get(f"/comparisons/{comparisons['kozelsk']['id']}", headers=auth(tokens["metod"])).status_code
        == 404
    )
    assert client.delete(region, headers=auth(tokens["metod"])).status_code == 204
    assert {d["id"] for d in client.get("/documents", headers=auth(tokens["admin"])).json()} == {
        documents["zhukov"]
    }
    deleted = [(e.actor, e.target) for e in AuditLog(store).entries() if e.action == "delete"]
    assert deleted == [
        ("metod", f"document:{documents['region']}"),
        ("kozelsk", f"document:{documents['kozelsk']}"),
    ]
    assert [(e.actor, e.target) for e in refusals(store)] == [
        ("kozelsk", f"DELETE {zhukov}"),
        ("kozelsk", f"DELETE {region}"),
        ("analyst", f"DELETE {kozelsk}"),
    ]


def test_a_comparison_is_saved_and_exported(client, store, tokens, documents) -> None:
    token = auth(tokens["metod"])
    pair = {"template_id": documents["region"], "plan_id": documents["kozelsk"]}
    answer = client.post("/comparisons", headers=token, json=pair)
    assert answer.status_code == 201
    saved = answer.json()
    again = client.get(f"/comparisons/{saved['id']}", headers=token).json()
    assert again == saved
    coverage = saved["comparison"]["coverage"]
    assert coverage["total"] == len(store.document(documents["region"]).activities)
    assert store.comparisons()[0]["id"] == saved["id"]
    xlsx = client.get(f"/comparisons/{saved['id']}/export.xlsx", headers=token)
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Сводка"
    report = client.get(f"/comparisons/{saved['id']}/export.docx", headers=token)
    assert report.status_code == 200 and docx.Document(io.BytesIO(report.content)).paragraphs
    assert client.get(f"/comparisons/{saved['id']}/export.pdf", headers=token).status_code == 404
    assert AuditLog(store).entries(actor="metod")[0].action == "comparison_save"


def test_activities_are_filtered_and_paged_as_the_store_does(client, store, tokens, documents) -> None:
    token = auth(tokens["analyst"])
    first = client.get("/activities", headers=token, params={"limit": 5}).json()
    second = client.get("/activities", headers=token, params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == store.count_activities()
    assert [a["id"] for a in first["items"]] == [a.id for a in store.activities(limit=5)]
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    only = client.get("/activities", headers=token, params={"document_id": documents["zhukov"]}).json()
    assert only["total"] == len(store.document(documents["zhukov"]).activities)
    query = store.activities(limit=1)[0].title.split()[0]
    hits = client.get("/activities", headers=token, params={"text": query, "limit": 500}).json()
    assert hits["total"] == store.count_activities(text=query) > 0
    assert [a["id"] for a in hits["items"]] == [a.id for a in store.activities(text=query, limit=500)]


@pytest.fixture
def comparisons(client, tokens, documents) -> dict[str, dict]:
    """A saved comparison of each municipality's plan against the regional template."""
    saved = {}
    for key in ("kozelsk", "zhukov"):
        pair = {"template_id": documents["region"], "plan_id": documents[key]}
        saved[key] = client.post("/comparisons", headers=auth(tokens["metod"]), json=pair).json()
    return saved


def test_a_methodist_reviews_a_comparison_and_every_write_is_audited(client, store, tokens, comparisons):
    metod, saved = auth(tokens["metod"]), comparisons["kozelsk"]
    path = f"/comparisons/{saved['id']}/review"
    assert client.get(path, headers=metod).status_code == 404  # nobody has started it
    match = saved["comparison"]["matches"][0]
    rejected = {"kind": "match", "verdict": "rejected", "template": match["template"], "plan": match["plan"]}
    answer = client.post(f"{path}/decisions", headers=metod, json=rejected)
    assert answer.status_code == 201 and answer.json()["decided_by"] == "metod"
    remark = {
        "kind": "remark",
        "verdict": "remark",
        "template": match["template"],
        "comment": "уточнить срок",
    }
    assert client.post(f"{path}/decisions", headers=metod, json=remark).status_code == 201
    wrong = {**rejected, "verdict": "covered"}
    answer = client.post(f"{path}/decisions", headers=metod, json=wrong)
    assert answer.status_code == 422 and "не подходит" in answer.text
    unexplained = {"kind": "gap", "verdict": "accepted", "template": match["template"], "comment": " "}
    answer = client.post(f"{path}/decisions", headers=metod, json=unexplained)
    assert answer.status_code == 422 and "«comment»: укажите, почему" in answer.json()["message"]
    assert (
        client.put(f"{path}/status", headers=metod, json={"status": "returned"}).json()["status"]
        == "returned"
    )
    shown = client.get(path, headers=metod).json()
    assert shown["review"]["status"] == "returned" and shown["review"]["status_by"] == "metod"
    assert [(d["kind"], d["verdict"]) for d in shown["decisions"]] == [
        ("match", "rejected"),
        ("remark", "remark"),
    ]

    assert client.put(f"{path}/status", headers=metod, json={"status": "approved"}).status_code == 200
    answer = client.post(f"{path}/decisions", headers=metod, json={**rejected, "verdict": "confirmed"})
    assert answer.status_code == 409 and "одобрен" in answer.json()["detail"]
    key = f"match:{match['template']}:{match['plan']}"
    assert client.delete(f"{path}/decisions", headers=metod, params={"key": key}).status_code == 409
    assert client.put(f"{path}/status", headers=metod, json={"status": "draft"}).status_code == 200
    assert client.delete(f"{path}/decisions", headers=metod, params={"key": key}).status_code == 204
    assert client.delete(f"{path}/decisions", headers=metod, params={"key": key}).status_code == 404
    assert [d["kind"] for d in client.get(path, headers=metod).json()["decisions"]] == ["remark"]

    writes = [
        (e.action, e.detail) for e in AuditLog(store).entries(actor="metod") if e.action.startswith("review")
    ]
    assert len(writes) == 6 and writes[0] == ("review_decision", f"отменено: {key}")
    assert [e.detail.split(":")[0] for e in refusals(store)] == ["план одобрен"] * 2


def test_only_a_methodist_or_the_admin_reviews_and_a_municipality_sees_its_own(
    client, store, tokens, comparisons
) -> None:
    own, other = (f"/comparisons/{comparisons[key]['id']}/review" for key in ("kozelsk", "zhukov"))
    status = {"status": "returned"}
    assert client.put(f"{own}/status", headers=auth(tokens["admin"]), json=status).status_code == 200
    assert client.put(f"{other}/status", headers=auth(tokens["metod"]), json=status).status_code == 200
    remark = {"kind": "remark", "verdict": "remark", "plan": "1", "comment": "замечание"}
    for login in ("analyst", "kozelsk"):
        assert client.post(f"{own}/decisions", headers=auth(tokens[login]), json=remark).status_code == 403
        assert client.put(f"{own}/status", headers=auth(tokens[login]), json=status).status_code == 403
    assert client.get(own, headers=auth(tokens["analyst"])).json()["review"]["status"] == "returned"
    assert client.get(own, headers=auth(tokens["kozelsk"])).json()["review"]["status_by"] == "admin"
    assert client.get(other, headers=auth(tokens["kozelsk"])).status_code == 404
    assert client.get(other, headers=auth(tokens["zhukov"])).status_code == 200
    assert [(e.actor, e.target) for e in refusals(store)] == [
        ("kozelsk", f"GET {other}"),
        ("kozelsk", f"PUT {own}/status"),
        ("kozelsk", f"POST {own}/decisions"),
        ("analyst", f"PUT {own}/status"),
        ("analyst", f"POST {own}/decisions"),
    ]
    assert all(Reviews(store).decisions(r.id) == [] for r in Reviews(store).all())


def test_a_revoked_or_disabled_token_is_refused(client, store, tokens) -> None:
    accounts = Accounts(store)
    token = accounts.issue_token("metod", "интеграция")
    assert client.get("/documents", headers=auth(token)).status_code == 200
    accounts.revoke_token(next(t.id for t in accounts.tokens("metod") if t.name == "интеграция"))
    assert client.get("/documents", headers=auth(token)).status_code == 401
    assert client.get("/documents", headers=auth(tokens["metod"])).status_code == 200
    accounts.set_active("metod", False)
    assert client.get("/documents", headers=auth(tokens["metod"])).status_code == 401
    assert client.get("/documents", headers=auth("rm_invented")).status_code == 401
    assert [e.detail for e in refusals(store)] == ["токен недействителен или отозван"] * 3


def test_a_revocation_by_another_process_is_honoured_within_the_cache_time(
    client, store, tokens, monkeypatch
) -> None:
    clock = SimpleNamespace(now=time.monotonic())
    monkeypatch.setattr(users, "time", SimpleNamespace(monotonic=lambda: clock.now))
    headers = auth(tokens["metod"])
    assert client.get("/documents", headers=headers).status_code == 200
    with store.engine.begin() as connection:  # as `roadmap users token --revoke` run elsewhere would
        connection.execute(update(TokenRow).values(revoked_at=utcnow()))
    assert client.get("/documents", headers=headers).status_code == 200  # remembered: no query made
    clock.now += TOKEN_CACHE_SECONDS
    assert client.get("/documents", headers=headers).status_code == 401
    assert [e.detail for e in refusals(store)] == ["токен недействителен или отозван"]


def test_five_wrong_passwords_lock_the_account(client, store, tokens) -> None:
    answer = client.post("/tokens", data={"login": "analyst", "password": PASSWORD})
    assert answer.status_code == 201
    assert client.get("/documents", headers=auth(answer.json()["token"])).status_code == 200
    for attempt in range(MAX_FAILURES):
        answer = client.post("/tokens", data={"login": "analyst", "password": f"неверный {attempt}"})
        assert answer.status_code == 401
    assert "заблокирована" in answer.json()["detail"]
    answer = client.post("/tokens", data={"login": "analyst", "password": PASSWORD})
    assert answer.status_code == 401 and "заблокирована" in answer.json()["detail"]
    assert Accounts(store).user("analyst").locked_until is not None
    logins = [e for e in refusals(store) if e.action == "login"]
    assert len(logins) == MAX_FAILURES + 1 and {e.actor for e in logins} == {"analyst"}


@pytest.mark.parametrize("workers", [1, 2])
def test_roadmap_serve_is_a_real_uvicorn_process_with_a_first_start_admin(tmp_path: Path, workers) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        port = _free_port()
        command = [
            str(Path(sys.executable).parent / "roadmap"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
        env = {**os.environ, "ROADMAP_DB_URL": url, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        log = tmp_path / "serve.log"
        with log.open("wb") as out:
            server = subprocess.Popen([*command, "--db", url], cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/health", server)
            [password] = re.findall(r"пароль: (\S+)", log.read_text(encoding="utf-8"))  # once, by any count
            assert httpx.get(f"{base}/documents").status_code == 401
            answer = httpx.post(f"{base}/tokens", data={"login": "admin", "password": password})
            assert answer.status_code == 201
            token = answer.json()["token"]
            assert httpx.get(f"{base}/documents", headers=auth(token)).json() == []
            assert httpx.get(f"{base}/docs").status_code == 200
            assert httpx.get(f"{base}/audit", headers=auth(token)).json()[0]["action"] == "token_issue"
            assert '"GET /documents HTTP/1.1"' not in log.read_text(encoding="utf-8")  # no access log
            if workers > 1:  # the first process watches the ones that answer
                assert len(_spawned(server.pid)) == workers
                with ThreadPoolExecutor(4) as pool:  # every process knows the token
                    asked = pool.map(lambda _: httpx.get(f"{base}/documents", headers=auth(token)), range(8))
                    assert {answer.status_code for answer in asked} == {200}
                answering = _spawned(server.pid)
                server.kill()  # the watching process killed outright: the others end with it
                server.wait(timeout=30)
                deadline = time.monotonic() + 30
                while any(map(_running, answering)) and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert not any(map(_running, answering))
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.parametrize(("flag", "logged"), [([], False), (["--access-log"], True)])
def test_roadmap_serve_writes_an_access_log_only_when_asked(tmp_path, monkeypatch, flag, logged) -> None:
    import uvicorn

    from roadmap.cli import app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda _app, **settings: started.update(settings))
    monkeypatch.setattr("gc.freeze", lambda: None)  # the test process's objects stay collectable
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--db", url, *flag])
    assert result.exit_code == 0, result.output
    assert started == {"host": "127.0.0.1", "port": 8123, "access_log": logged}


def test_roadmap_serve_with_workers_has_each_process_open_the_store_itself(tmp_path, monkeypatch) -> None:
    import uvicorn

    from api.worker import app_from_environment
    from roadmap.cli import app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **settings: started.update(settings, target=target))
    monkeypatch.setattr("gc.freeze", lambda: None)
    monkeypatch.setattr("compare.heap.keep_freed_arrays", lambda: None)  # this process's heap as it is
    monkeypatch.setenv("ROADMAP_DB_URL", "sqlite:///elsewhere.db")  # put back after the test
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    result = CliRunner().invoke(app, ["serve", "--db", url, "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert started["target"] == "api.worker:app_from_environment" and started["factory"] is True
    assert started["workers"] == 3 and os.environ["ROADMAP_DB_URL"] == url
    worker_app = app_from_environment()  # what each process builds: the API over that store
    assert worker_app.state.store.url == url
    worker_app.state.store.close()
    assert CliRunner().invoke(app, ["serve", "--db", url, "--workers", "0"]).exit_code != 0


def _spawned(pid: int) -> list[int]:
    """The processes that `pid` started with multiprocessing's spawn (read from /proc), not
    counting its resource tracker."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        if parent == pid and b"spawn_main" in command:
            children.append(int(stat.parent.name))
    return children


def _running(pid: int) -> bool:
    """Is process `pid` there and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"roadmap serve exited with code {server.returncode}"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise TimeoutError(url)
