"""`roadmap review TEMPLATE PLAN ...` and `roadmap calibrate [--pairs DIR]... [--db URL] [--write]`.

Two files: the methodist's verdicts (`--reject T=P`, `--add T=P[:grade]`) become a labelled-pair
file (`compare.labels`). Two stored documents (`db:ID`): her decisions go to the review of the
pair in the store (`store.reviews`), with its status, and the letter of remarks and the workbook
of decisions are written on request. `roadmap calibrate` refits the decision on the built-in
pairs plus the reviewed ones: the label files and the store's reviews."""

from __future__ import annotations

import getpass
import json
import re
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from compare import Comparison, calibrate
from compare.calibration import calibration_file
from compare.emptiness import EmptyTemplateError, check_template
from compare.labels import Review, labels_dir, store_review
from compare.model import Grade
from compare.vocabulary import SettingsError
from extractor import ExtractionError
from model import Document
from model.labels import RULES
from review import STATUSES, Decision, ReviewStatus, carried, reviewed
from review.letter import decisions_xlsx, letter_of_remarks
from review.remarks import remarks
from review.revision import Revision
from review.workbook import KINDS, VERDICTS
from roadmap.compare_command import STORED, _fail, _load, _plan, compared, warn, warn_empty_plan
from roadmap.store_command import DbOption, opened_store
from store import Store
from store.comparing import compare_stored
from store.reviews import ReviewError, Reviews
from store.revisions import CarryOver, carry_over, revision_of

_err = Console(stderr=True, soft_wrap=True)
_PAIR = re.compile(r"^\s*([^=:]+?)\s*=\s*([^=:]+?)\s*(?::\s*(same|partial))?\s*$")
_ROWS = re.compile(r"^\s*([^=:]*?)\s*(?:=\s*([^=:]*?)\s*)?$")
PAIR_HELP = "ШАБЛОН=ПЛАН — номера мероприятий шаблона и плана, как в roadmap compare"
STATUS_CODES = {**{code: code for code in STATUSES}, **{word: code for code, word in STATUSES.items()}}
RULE_CODES = {**{code: code for code in RULES}, **{word: code for code, word in RULES.items()}}
MATCH_VERDICTS = {"--confirm": "confirmed", "--reject": "rejected", "--regrade": "regraded"}
STORE_ONLY = (
    "--confirm",
    "--regrade",
    "--cover",
    "--accept",
    "--dismiss",
    "--remark",
    "--status",
    "--letter",
    "--xlsx",
    "--carry",
)


class Refused(Exception):
    """A review option that cannot be taken: the option and the Russian reason."""

    def __init__(self, option: str, reason: str) -> None:
        super().__init__(f"{option}: {reason}")


def _refuse(message: str) -> typer.Exit:
    _err.print(Text.assemble(("Ошибка: ", "red"), message), highlight=False)
    return typer.Exit(code=2)


def _ref(text: str) -> str:
    return text.strip().rstrip(".")


def _pair(text: str, option: str) -> tuple[str, str, Grade | None]:
    found = _PAIR.match(text)
    if not found:
        raise Refused(option, f"«{text}»: нужно {PAIR_HELP}, с оценкой ШАБЛОН=ПЛАН:same|partial")
    template, plan, grade = found.groups()
    return _ref(template), _ref(plan), grade


def _rows(text: str, option: str) -> tuple[str | None, str | None]:
    """`T`, `T=P` or `=P`: a template row, both, or a plan row."""
    found = _ROWS.match(text)
    if not found or not (found.group(1) or found.group(2)):
        raise Refused(option, f"«{text}»: нужно ШАБЛОН, ШАБЛОН=ПЛАН или =ПЛАН (номера мероприятий)")
    template, plan = found.groups()
    return (_ref(template) or None) if template else None, (_ref(plan) or None) if plan else None


def _rows_text(template: str | None, plan: str | None) -> str:
    """Rows as the options write them: ШАБЛОН, =ПЛАН or ШАБЛОН=ПЛАН."""
    return f"{template or ''}={plan}" if plan else template or ""


def _split(text: str, option: str, what: str) -> tuple[str, str]:
    head, colon, tail = text.partition(":")
    if not colon or not head.strip() or not tail.strip():
        raise Refused(option, f"«{text}»: нужно {what}")
    return head.strip(), tail.strip()


def _commented(text: str) -> tuple[str, str | None]:
    """Rows and the value's own comment after a colon («6.1:не касается района»), if any."""
    rows, _, said = text.partition(":")
    return rows, said.strip() or None


def review_command(
    template: Annotated[str, typer.Argument(help="Региональный шаблон: файл или db:ID")],
    plan: Annotated[str, typer.Argument(help="Муниципальный план: файл или db:ID")],
    confirm: Annotated[
        list[str] | None, typer.Option("--confirm", help="Подтвердить соответствие ШАБЛОН=ПЛАН (db:ID)")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Неверное соответствие ШАБЛОН=ПЛАН (можно несколько)")
    ] = None,
    regrade: Annotated[
        list[str] | None,
        typer.Option("--regrade", help="Изменить оценку соответствия: ШАБЛОН=ПЛАН:same|partial (db:ID)"),
    ] = None,
    cover: Annotated[
        list[str] | None,
        typer.Option(
            "--cover",
            help="Пробел покрыт мероприятием плана (пропущенное соответствие): "
            "ШАБЛОН=ПЛАН[:same|partial] (db:ID)",
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            help="Принять пробел: план может не отражать мероприятие ШАБЛОН; пояснение — "
            "ШАБЛОН:почему или --comment (db:ID)",
        ),
    ] = None,
    dismiss: Annotated[
        list[str] | None,
        typer.Option(
            "--dismiss",
            help="Снять замечание программы: ПРАВИЛО:ШАБЛОН=ПЛАН, ПРАВИЛО:ШАБЛОН или ПРАВИЛО:=ПЛАН, "
            "правило — код или название (late_deadline / «срок позже шаблона», no_responsible …); "
            "пояснение — ПРАВИЛО:ШАБЛОН=ПЛАН:почему или --comment (db:ID)",
        ),
    ] = None,
    remark: Annotated[
        list[str] | None,
        typer.Option(
            "--remark",
            help="Своё замечание к строке: ШАБЛОН:текст, =ПЛАН:текст или ШАБЛОН=ПЛАН:текст (db:ID)",
        ),
    ] = None,
    comment: Annotated[
        str | None,
        typer.Option(
            "--comment", help="Пояснение к тем --accept и --dismiss этого вызова, у которых нет своего"
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Статус проверки: черновик, на доработке, одобрено (или draft, returned, approved)",
        ),
    ] = None,
    letter: Annotated[
        Path | None, typer.Option("--letter", help="Записать письмо с замечаниями (.docx) (db:ID)")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Записать таблицу решений (.xlsx) (db:ID)")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Кто принимает решения (логин; по умолчанию пользователь ОС)")
    ] = None,
    carry: Annotated[
        bool,
        typer.Option(
            "--carry",
            help="Исправленный план: перенести решения прежней проверки, которые к нему применимы (db:ID)",
        ),
    ] = False,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            help="Для файлов: пропущенное или иначе оценённое соответствие ШАБЛОН=ПЛАН[:same|partial]",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Проверка методиста: решения по соответствиям, пробелам и замечаниям сравнения.

    Два документа базы (db:ID): решения и статус записываются в проверку этой пары в базе.
    Номера строк — как в roadmap compare: ШАБЛОН=ПЛАН (2.1=5), строка шаблона 2.1, строка плана =5.
    Повторное решение по той же строке заменяет прежнее; кто решил — --by или пользователь ОС.
    --letter и --xlsx записывают письмо с замечаниями и таблицу всех решений.

    Два файла: проверенная пара для roadmap calibrate (найденные соответствия, кроме --reject, и --add).
    """
    stored = [STORED.match(source) for source in (template, plan)]
    if all(stored):
        store_only = {
            "--confirm": confirm,
            "--reject": reject,
            "--regrade": regrade,
            "--cover": cover,
            "--accept": accept,
            "--dismiss": dismiss,
            "--remark": remark,
        }
        if add:
            raise _refuse(
                "--add: для документов базы пропущенное соответствие отмечается --cover ШАБЛОН=ПЛАН"
            )
        try:
            status_code = _status(status)
            wanted = [
                (option, d)
                for option, values in store_only.items()
                for d in _decisions(option, values or [], comment)
            ]
        except Refused as exc:
            raise _refuse(str(exc)) from None
        ids = (int(stored[0].group(1)), int(stored[1].group(1)))
        outputs = {"--letter": letter, "--xlsx": xlsx}
        _stored_review(ids, wanted, status_code, outputs, by or _login(), db, carry=carry)
        return
    if any(stored):
        raise _refuse(
            f"{template} и {plan}: проверку ведут либо для двух файлов, либо для двух документов базы (db:ID)"
        )
    given = {"--confirm": confirm, "--regrade": regrade, "--cover": cover, "--accept": accept}
    given |= {
        "--dismiss": dismiss,
        "--remark": remark,
        "--status": status,
        "--letter": letter,
        "--xlsx": xlsx,
        "--carry": carry,
    }
    used = [option for option in STORE_ONLY if given.get(option)]
    if used:
        raise _refuse(f"{used[0]}: работает только для документов базы (db:ID, список: roadmap documents)")
    _file_review(template, plan, reject or [], add or [], db)


def _login() -> str:
    """The OS user, or "" where the system names none."""
    try:
        return getpass.getuser()
    except OSError:
        return ""


def _status(text: str | None) -> ReviewStatus | None:
    if text is None:
        return None
    code = STATUS_CODES.get(" ".join(text.lower().split()))
    if code is None:
        raise Refused(
            "--status", f"«{text}»: нужно {', '.join(STATUSES.values())} (или {', '.join(STATUSES)})"
        )
    return code


def _decisions(option: str, values: list[str], comment: str | None) -> list[Decision]:
    """The decisions an option's values stand for."""
    try:
        return [_decision(option, text, comment) for text in values]
    except ValidationError as exc:
        raise Refused(option, exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


def _decision(option: str, text: str, comment: str | None) -> Decision:
    """The decision one value of `option` stands for."""
    if option in MATCH_VERDICTS:
        t, p, grade = _pair(text, option)
        if option == "--regrade" and grade is None:
            raise Refused(option, f"«{text}»: нужна оценка ШАБЛОН=ПЛАН:same|partial")
        return Decision(kind="match", verdict=MATCH_VERDICTS[option], template=t, plan=p, grade=grade)
    if option == "--cover":
        t, p, grade = _pair(text, option)
        return Decision(kind="gap", verdict="covered", template=t, plan=p, grade=grade or "same")
    if option == "--accept":
        row, own = _commented(text)
        return Decision(kind="gap", verdict="accepted", template=_ref(row), comment=own or comment)
    if option == "--dismiss":
        rule, rest = _split(text, option, "ПРАВИЛО:ШАБЛОН=ПЛАН, ПРАВИЛО:ШАБЛОН или ПРАВИЛО:=ПЛАН")
        code = RULE_CODES.get(rule.lower())
        if code is None:
            raise Refused(option, f"«{rule}»: неизвестное правило (есть: {', '.join(RULES)})")
        rows, own = _commented(rest)
        t, p = _rows(rows, option)
        return Decision(
            kind="finding", verdict="dismissed", rule=code, template=t, plan=p, comment=own or comment
        )
    rows, said = _split(text, option, "ШАБЛОН:текст, =ПЛАН:текст или ШАБЛОН=ПЛАН:текст")
    t, p = _rows(rows, option)
    return Decision(kind="remark", verdict="remark", template=t, plan=p, comment=said)


def _check(option: str, decision: Decision, comparison: Comparison) -> None:
    """Refused when `decision` (of `option`) names a row, a match or a finding the comparison
    does not have."""
    templates = {m.template for m in comparison.matches} | {g.ref for g in comparison.gaps}
    plans = {m.plan for m in comparison.matches} | {a.ref for a in comparison.additions}
    if decision.kind == "finding":
        raised = {
            Decision(kind="finding", verdict="dismissed", rule=f.rule, template=f.template, plan=f.plan).key
            for f in comparison.findings
        }
        if decision.key not in raised:
            rows = _rows_text(decision.template, decision.plan)
            raise Refused(
                option, f"в сравнении нет замечания «{RULES.get(decision.rule, decision.rule)}» к {rows}"
            )
        return
    if decision.template is not None and decision.template not in templates:
        raise Refused(option, f"в шаблоне нет мероприятия {decision.template}")
    if decision.plan is not None and decision.plan not in plans:
        raise Refused(option, f"в плане нет мероприятия {decision.plan}")
    matched = {(m.template, m.plan) for m in comparison.matches}
    if decision.kind == "match" and (decision.template, decision.plan) not in matched:
        raise Refused(
            option,
            f"программа не находила соответствия {decision.template}={decision.plan}; "
            "пропущенное отмечается --cover",
        )


def _documents(store: Store, ids: tuple[int, int]) -> list[Document]:
    out = []
    for document_id in ids:
        detail = store.document(document_id)
        if detail is None:
            raise _refuse(f"db:{document_id}: такого документа нет в базе (список: roadmap documents)")
        if detail.document.status != "ok":
            raise _refuse(f"db:{document_id}: документ не загружен: {detail.document.error}")
        out.append(detail.as_document())
    return out


def _stored_review(
    ids: tuple[int, int],
    wanted: list[tuple[str, Decision]],
    status: ReviewStatus | None,
    outputs: dict[str, Path | None],
    by: str,
    db: str | None,
    *,
    carry: bool = False,
) -> None:
    """Record `wanted` and `status` in the review of the stored pair `ids` (template, plan) as
    `by`, carry the earlier plan's decisions over if asked (`carry`; those given now win), write
    the letter and the workbook asked for, say what the review holds and, for a corrected plan,
    what became of the earlier review's remarks and decisions."""
    with opened_store(db) as store:
        template, plan = _documents(store, ids)
        try:
            comparison = compare_stored(store, *ids).comparison
        except SettingsError as exc:
            raise _refuse(f"{exc.path.name}: {exc.reason}") from None
        except EmptyTemplateError as exc:
            raise _refuse(f"db:{ids[0]} ({Path(exc.source).name}): {exc.reason}") from None
        warn_empty_plan(f"db:{ids[1]}", plan, template)
        try:
            for option, decision in wanted:
                _check(option, decision, comparison)
                if decision.missing_reason:
                    rows = _rows_text(decision.template, decision.plan)
                    raise Refused(
                        option, f"«{rows}»: {decision.missing_reason} (ЗНАЧЕНИЕ:почему или --comment)"
                    )
        except Refused as exc:
            raise _refuse(str(exc)) from None
        reviews = Reviews(store)
        try:
            review = reviews.open(*ids)
            if status is not None and status != "approved":  # a review reopened before deciding
                review = reviews.set_status(review.id, status, by=by)
            for _, decision in wanted:
                reviews.decide(review.id, decision, by=by)
            carried_now = carry_over(store, review.id, by=by) if carry else None
            if status == "approved":  # approved once the decisions are in
                review = reviews.set_status(review.id, status, by=by)
        except ReviewError as exc:
            raise _refuse(f"проверка db:{ids[1]} по шаблону db:{ids[0]}: {exc}") from None
        decisions = reviews.decisions(review.id)
        revision = revision_of(store, review.id) if review.previous_id is not None else None
    writers = {
        "--letter": lambda: letter_of_remarks(comparison, decisions, template, plan, author=by),
        "--xlsx": lambda: decisions_xlsx(comparison, decisions, template, plan),
    }
    for option, path in outputs.items():
        if path is not None:
            _write(path, writers[option]())
    who = f" ({review.status_by}, {review.status_at:%d.%m.%Y %H:%M})" if review.status_at else ""
    count = sum(len(s.remarks) for s in remarks(comparison, decisions, template, plan))
    _err.print(
        f"Проверка {review.id}: план db:{ids[1]} по шаблону db:{ids[0]}, "
        f"статус «{review.status_label}»{who}; "
        f"решений {len(decisions)}, записано сейчас {len(wanted)}; замечаний для письма {count}",
        highlight=False,
    )
    if revision is not None:
        _say_revision(review.previous_id, revision, carried_now)
    _, dropped = carried(decisions, comparison)
    if dropped:
        keys = "; ".join(
            f"{KINDS[d.kind]} {_rows_text(d.template, d.plan)} ({VERDICTS[d.verdict]})" for d in dropped
        )
        _err.print(f"Не применяются (этих строк больше нет в сравнении): {keys}", highlight=False)


def _say_revision(previous: int, revision: Revision, carried_now: CarryOver | None) -> None:
    """A corrected plan against the earlier review: remarks resolved and open, decisions carried."""
    line = (
        f"Прежняя проверка {previous}: замечаний устранено {len(revision.resolved)}, "
        f"осталось {len(revision.still_open)}; "
    )
    if carried_now is None:
        waiting = len(revision.carried)
        line += f"применимо к этому плану решений {waiting}" + (" (перенести: --carry)" if waiting else "")
    else:
        line += f"перенесено решений {len(carried_now.written)}"
        if carried_now.left:
            line += f", не тронуто {len(carried_now.left)} (решение уже принято здесь или было отменено)"
    if revision.not_carried:
        line += f"; не переносятся {len(revision.not_carried)}"
    _err.print(line, highlight=False)
    for item in revision.not_carried:
        rows = _rows_text(item.earlier.template, item.earlier.plan)
        _err.print(f"  {KINDS[item.earlier.kind]} {rows}: {item.reason}", highlight=False)


def _write(path: Path, data: bytes) -> None:
    """`data` to `path` through a temporary file beside it, so a failed write leaves no half file."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _refuse(f"{path}: не удалось записать ({exc.strerror or exc})") from None
    _err.print(Text(f"Записано: {path}"), highlight=False)


def _file_review(template: str, plan: str, reject: list[str], add: list[str], db: str | None) -> None:
    """The files' reviewed pair as a label file for `roadmap calibrate`; a template without
    activities is refused before the plan is read, as for stored documents, and a plan without
    them is warned of as roadmap compare does."""
    template_doc = _load(template, db)
    try:
        check_template(template_doc[0])
    except EmptyTemplateError as exc:
        raise _refuse(f"{Path(exc.source).name}: {exc.reason}") from None
    comparison = compared(template_doc, _plan(plan, db, template_doc[0]))
    try:
        rejected = frozenset((t, p) for t, p, _ in (_pair(x, "--reject") for x in reject))
        added = {(t, p): g or "same" for t, p, g in (_pair(x, "--add") for x in add)}
    except Refused as exc:
        raise _refuse(str(exc)) from None
    path = store_review(comparison, Review(rejected, added), (Path(template), Path(plan)))
    kept = len(json.loads(path.read_text(encoding="utf-8"))["matches"])
    _err.print(f"Сохранено: {path} (соответствий {kept}, отклонено {len(rejected)})", highlight=False)


def stored_pairs(store: Store) -> list[calibrate.GoldPair]:
    """Every review of the store with at least one decision as a labelled pair: the matches
    as the methodist left them (the tool's not rejected, regraded ones with her grade, those
    she added); the pairs she rejected are non-matches. The comparison is run again on the
    stored documents with the calibration in use. A review against a template without
    activities (opened before such a template was refused) is left out with a warning line."""
    reviews = Reviews(store)
    pairs = []
    for review in sorted(reviews.all(), key=lambda r: r.id):
        decisions = reviews.decisions(review.id)
        if not decisions:
            continue
        details = [store.document(i) for i in (review.template_id, review.plan_id)]
        if any(d is None or d.document.status != "ok" for d in details):
            continue
        template, plan = (d.as_document() for d in details)
        try:
            check_template(template)
        except EmptyTemplateError as exc:
            warn(
                f"db:{review.template_id} ({Path(exc.source).name}): {exc.reason}; "
                f"проверка плана db:{review.plan_id} в калибровке не учтена"
            )
            continue
        matches = reviewed(compared((template, None), (plan, None)), decisions).matches
        gold = {(m.template, m.plan): m.grade for m in matches}
        name = f"db:{review.template_id}__db:{review.plan_id}"
        pairs.append(calibrate.gold_pair(name, template, plan, gold))
    return pairs


def _skipped(path: Path, exc: EmptyTemplateError) -> None:
    warn(calibrate.skipped_line(path, exc))


def calibrate_command(
    pairs: Annotated[
        list[Path] | None,
        typer.Option("--pairs", help="Папка проверенных пар (по умолчанию та, куда пишет roadmap review)"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Учесть и проверки из базы: URL базы данных SQLAlchemy"),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Записать новую калибровку")] = False,
) -> None:
    """Переобучить решение на встроенных и проверенных парах (файлы и, с --db, проверки в базе);
    оценки с отложенной парой до и после."""
    folders = pairs or ([labels_dir()] if labels_dir().is_dir() else [])
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        raise _fail(str(missing[0]), "папка не найдена")
    try:
        builtin = calibrate.load_pairs(calibrate.builtin_folders())
        reviewed_pairs = calibrate.load_pairs(folders, _skipped)
    except (ExtractionError, SettingsError, calibrate.PairFileError) as exc:
        raise _fail(exc.path.name, exc.reason) from None
    except (OSError, ValueError, KeyError) as exc:
        raise _fail("roadmap calibrate", f"проверенная пара не читается: {exc}") from None
    from_store = []
    if db is not None:
        with opened_store(db) as store:
            from_store = stored_pairs(store)
    typer.echo(
        f"встроенных пар: {len(builtin)}, проверенных: {len(reviewed_pairs) + len(from_store)} "
        f"(из базы {len(from_store)}; оценки с отложенной парой)"
    )
    try:
        typer.echo("\n".join(calibrate.before_and_after(builtin, reviewed_pairs + from_store)))
        fitted = calibrate.fit(builtin + reviewed_pairs + from_store) if write else None
    except calibrate.TooFewLabels as exc:
        raise _fail("roadmap calibrate", str(exc)) from None
    if fitted is not None:
        path = calibration_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(fitted.to_json(), indent=1) + "\n"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        _err.print(Text(f"Записано: {path}"), highlight=False)
