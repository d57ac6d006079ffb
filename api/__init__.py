"""The HTTP API (FastAPI on uvicorn) over the same store and functions as the CLI and the app.

    from api import create_app
    app = create_app(open_store())        # or: roadmap serve --host 127.0.0.1 --port 8000

Every route but `/health` needs a personal token (`Authorization: Bearer rm_…`, from
`roadmap users token LOGIN` or `POST /tokens` with the form fields `login` and `password`).
Modules: `security` (tokens, roles, the body-size limit), `errors` (the refusals' bodies: 422
and the router's 404/405 with the Russian reason), `locations` (a document's origin as a
client sees it: never a server path), `routes` (the endpoints).
OpenAPI is at `/docs`; the bodies are the project's own models (`model.Document`,
`compare.Comparison`, the store's records), not a parallel set.
"""

from __future__ import annotations

from api.routes import create_app

__all__ = ["create_app"]
