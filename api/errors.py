"""4xx bodies in Russian: a request that fails validation is answered 422 with FastAPI's own
machine-readable `detail` (a list of errors: `type`, `loc`, `msg`, `input`, `ctx`) and a
Russian `message` naming each parameter and the reason; the router's own 404 and 405 say
theirs in Russian too.

    {"detail": [{"type": "less_than_equal", "loc": ["query", "limit"], ...}],
     "message": "параметр запроса «limit»: должно быть не больше 500"}

A filter with a closed set of values that is checked at request time (a topic code of the
taxonomy) is refused the same way with `unknown_values`. Every other refusal is
`{"detail": "<the Russian reason>"}`. `responses(...)` documents a route's refusals in
OpenAPI with these bodies (`Refusal`, `ValidationRefusal`), not FastAPI's default 422 schema.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from store import IngestResult

PLACES = {
    "query": "параметр запроса",
    "path": "параметр адреса",
    "header": "заголовок",
    "cookie": "cookie",
    "body": "поле тела запроса",
}
REASONS = {
    "missing": "обязательное значение не указано",
    "int_parsing": "нужно целое число",
    "int_type": "нужно целое число",
    "int_from_float": "нужно целое число",
    "float_parsing": "нужно число",
    "float_type": "нужно число",
    "bool_parsing": "нужно true или false",
    "bool_type": "нужно true или false",
    "string_type": "нужна строка",
    "list_type": "нужен список",
    "dict_type": "нужен объект JSON",
    "model_type": "нужен объект JSON",
    "model_attributes_type": "нужен объект JSON",
    "dataclass_type": "нужен объект JSON",
    "date_parsing": "нужна дата в виде ГГГГ-ММ-ДД",
    "date_type": "нужна дата в виде ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "нужна дата в виде ГГГГ-ММ-ДД",
    "date_from_datetime_inexact": "нужна дата без времени, в виде ГГГГ-ММ-ДД",
    "datetime_parsing": "нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС",
    "datetime_type": "нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС",
    "greater_than": "должно быть больше {gt}",
    "greater_than_equal": "должно быть не меньше {ge}",
    "less_than": "должно быть меньше {lt}",
    "less_than_equal": "должно быть не больше {le}",
    "string_too_short": "нужно не меньше {min_length} символов",
    "string_too_long": "нужно не больше {max_length} символов",
    "too_short": "нужно не меньше {min_length} элементов",
    "too_long": "нужно не больше {max_length} элементов",
    "string_pattern_mismatch": "не подходит под образец {pattern}",
    "literal_error": "допустимые значения: {expected}",
    "enum": "допустимые значения: {expected}",
    "extra_forbidden": "такого поля нет",
    "json_invalid": "тело запроса — не JSON ({error})",
    "json_type": "тело запроса — не JSON",
    "value_error": "{error}",
    "assertion_error": "{error}",
    "unknown_value": "нет такого значения «{input}»; допустимые: {expected}",
}
UNKNOWN_VALUE = "unknown_value"
"""The `type` of an error `unknown_values` builds (a value outside a closed set)."""
ROUTER_PHRASES = {404: "такого адреса нет", 405: "этот метод по этому адресу не принимается"}


class Refusal(BaseModel):
    """A refused request: the reason in Russian."""

    detail: str


class FieldError(BaseModel):
    """One reason a request failed validation, as FastAPI gives it."""

    type: str
    loc: list[str | int]
    msg: str
    input: Any = None
    ctx: dict[str, Any] | None = None


class ValidationRefusal(BaseModel):
    """A request that failed validation: each error, and `message`, their Russian reasons."""

    detail: list[FieldError]
    message: str


class UploadRefusal(BaseModel):
    """An upload of which nothing could be stored: each file's stage and Russian reason."""

    detail: list[IngestResult]


MEANINGS = {
    401: "Нет токена, или он недействителен или отозван",
    403: "Роли вызывающего это не разрешено",
    404: "Не найдено (или принадлежит другому муниципалитету)",
    409: "Не согласуется с состоянием (например, проверка уже утверждена)",
    413: "Запрос больше допустимого размера",
    422: "Запрос не прошёл проверку: detail — ошибки по полям, message — причины по-русски",
}


def responses(*statuses: int, invalid: Any = ValidationRefusal) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route that may answer `statuses`: each with its body
    model, `invalid` for 422 (a route whose 422 can also be its own refusal names both)."""
    return {
        status: {"model": invalid if status == 422 else Refusal, "description": MEANINGS[status]}
        for status in statuses
    }


def install(app: FastAPI) -> None:
    """Answer `app`'s validation errors and its router's 404/405 with the Russian reason."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, router_error)


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: FastAPI's `detail` as it is, and `message`, the Russian reasons joined."""
    errors = exc.errors()
    body = {"detail": jsonable_encoder(errors), "message": "; ".join(map(explain, errors))}
    return JSONResponse(body, status_code=422)


async def router_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """An HTTP error as FastAPI answers it, the router's English phrase replaced in Russian."""
    if exc.status_code in ROUTER_PHRASES and exc.detail == HTTPStatus(exc.status_code).phrase:
        exc = StarletteHTTPException(exc.status_code, ROUTER_PHRASES[exc.status_code], exc.headers)
    return await http_exception_handler(request, exc)


def explain(error: dict[str, Any]) -> str:
    """One validation error in Russian: where («параметр запроса «limit»») and why."""
    return f"{where(error.get('loc', ()))}: {reason(error)}"


def where(loc: Iterable[str | int]) -> str:
    place, *path = [str(part) for part in loc] or ["body"]
    if place not in PLACES:
        place, path = "body", [place, *path]
    if not path:
        return "тело запроса"
    return f"{PLACES[place]} «{'.'.join(path)}»"


def reason(error: dict[str, Any]) -> str:
    """Why, in Russian, from the error's `type` and `ctx`; pydantic's own `msg` for a type
    `REASONS` does not know."""
    fields = {key: _russian(value) for key, value in (error.get("ctx") or {}).items()}
    template = REASONS.get(error.get("type", ""))
    if template is not None:
        try:
            return template.format(**fields, input=error.get("input"))
        except (KeyError, IndexError):
            pass
    return f"недопустимое значение ({error.get('msg', '')})"


def _russian(value: Any) -> str:
    """A ctx value as Russian text: pydantic's "'a', 'b' or 'c'" lists read with «или»."""
    return str(value).replace(" or ", " или ")


def unknown_values(param: str, given: Iterable[str], allowed: Collection[str]) -> RequestValidationError:
    """The 422 for query values of `param` outside `allowed`, to raise; an error per value."""
    expected = ", ".join(allowed)
    return RequestValidationError(
        [
            {
                "type": UNKNOWN_VALUE,
                "loc": ("query", param),
                "msg": f"unknown value {value!r}",
                "input": value,
                "ctx": {"expected": expected},
            }
            for value in given
            if value not in allowed
        ]
    )


def missing_field(field: str, why: str) -> RequestValidationError:
    """The 422 for a body whose `field` is needed but empty, `why` the Russian reason, to raise."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("body", field), "msg": why, "input": None, "ctx": {"error": why}}]
    )
