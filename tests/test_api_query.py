"""`api.query`: a route's query model read in one pass behaves, and is documented, as FastAPI's
own `Annotated[Model, Query()]`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient

from api.query import query_model, query_parameters
from api.routes import ActivityQuery


def _apps() -> tuple[TestClient, TestClient, FastAPI, FastAPI]:
    ours, fastapis = FastAPI(), FastAPI()

    @ours.get("/a", openapi_extra={"parameters": query_parameters(ActivityQuery)})
    def read_ours(query: Annotated[ActivityQuery, Depends(query_model(ActivityQuery))]) -> dict:
        return query.model_dump(mode="json")

    @fastapis.get("/a")
    def read_fastapis(query: Annotated[ActivityQuery, Query()]) -> dict:
        return query.model_dump(mode="json")

    return TestClient(ours), TestClient(fastapis), ours, fastapis


def test_the_openapi_parameters_are_fastapis_own() -> None:
    *_, ours, fastapis = _apps()
    described = [app.openapi()["paths"]["/a"]["get"]["parameters"] for app in (ours, fastapis)]
    assert described[0] == described[1]
    assert {p["name"] for p in described[0]} == set(ActivityQuery.model_fields)


def test_values_and_refusals_are_fastapis_own() -> None:
    ours, fastapis, *_ = _apps()
    asked = [
        [("text", "мониторинг"), ("topic", "t1"), ("topic", "t2"), ("limit", "5"), ("limit", "7")],
        [("kind", "weekly"), ("year", "")],
        [("limit", "0"), ("date_from", "01.09.2021"), ("unknown", "x")],
        [],
    ]
    for params in asked:
        answers = [client.get("/a", params=params) for client in (ours, fastapis)]
        assert answers[0].status_code == answers[1].status_code, params
        assert answers[0].json() == answers[1].json(), params
    read = ours.get("/a", params=asked[0]).json()
    assert (read["topic"], read["limit"]) == (["t1", "t2"], 7)
    refused = ours.get("/a", params=asked[1])
    assert refused.status_code == 422
    assert sorted(e["loc"] for e in refused.json()["detail"]) == [["query", "kind"], ["query", "year"]]
