"""A registration or publication mark above an act (a legal portal's copy) neither dates it nor
becomes its letterhead; a title set in capitals is read over all its lines."""

from __future__ import annotations

from pathlib import Path

from extractor import extract

MARK = (
    "<table><tr><td>В202100913</td><td></td></tr>"
    "<tr><td>ОПУБЛИКОВАНО:</td><td>ОФИЦИАЛЬНЫЙ ИНТЕРНЕТ-ПОРТАЛ ПРАВОВОЙ ИНФОРМАЦИИ (www.pravo.gov.ru),"
    " 24.05.2021, N 0001202105240012</td></tr>"
    "<tr><td>ЗАРЕГИСТРИРОВАНО В МИНИСТЕРСТВЕ ЮСТИЦИИ РФ 24.05.2021 ПОД N 63581</td><td></td></tr></table>"
)
ACT = (
    "<p>МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ</p><p>ПРИКАЗ</p><p>14.04.2021 N 293</p>"
    "<p>ОБ УТВЕРЖДЕНИИ ПОРЯДКА ПРОВЕДЕНИЯ МОНИТОРИНГА</p>"
    "<p>В соответствии с пунктом 4.2 Положения о Министерстве приказываю:</p>"
    "<p>1. Утвердить прилагаемый порядок.</p><p>Министр</p><p>С.С. Кравцов</p>"
)


def test_registration_mark_above_the_act_gives_neither_date_nor_number(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    path.write_text(f"<html><body>{MARK}{ACT}</body></html>", encoding="utf-8")
    meta = extract(path).meta
    assert (meta.date.isoformat(), meta.number) == ("2021-04-14", "293")


def test_act_dated_only_under_its_signature_is_not_dated_by_the_mark(make_txt) -> None:
    text = "\n\n".join(
        [
            "Зарегистрировано в Минюсте России 24.05.2021 N 63581",
            "МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ",
            "ПРИКАЗ",
            "ОБ УТВЕРЖДЕНИИ ПОРЯДКА ПРОВЕДЕНИЯ МОНИТОРИНГА",
            "В соответствии с пунктом 4.2 Положения о Министерстве приказываю:",
            "1. Утвердить прилагаемый порядок.",
            "Министр С.С. Кравцов",
            "Москва",
            "14 апреля 2021 года",
            "№ 293",
        ]
    )
    meta = extract(make_txt(text)).meta
    assert (meta.date.isoformat(), meta.number) == ("2021-04-14", "293")


def test_the_letterhead_under_a_registration_mark_names_the_authority(tmp_path: Path) -> None:
    path = tmp_path / "act.html"
    path.write_text(f"<html><body>{MARK}{ACT}</body></html>", encoding="utf-8")
    meta = extract(path).meta
    assert (meta.authority, meta.level) == ("Министерство просвещения Российской Федерации", "federal")


def test_a_title_in_capitals_runs_on_over_its_lines_up_to_the_marker_word(make_txt) -> None:
    text = "\n".join(
        [
            "ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОЗЕЛЬСКОГО РАЙОНА",
            "ПРИКАЗ",
            "от 12.01.2025 № 7",
            "ОБ УТВЕРЖДЕНИИ ПЛАНА МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ",
            "КАЧЕСТВА ОБРАЗОВАНИЯ",
            "В ШКОЛАХ С НИЗКИМИ РЕЗУЛЬТАТАМИ ОБУЧЕНИЯ",
            "ПРИКАЗЫВАЮ:",
            "1. Утвердить план мероприятий.",
            "Заведующий отделом И.И. Петров",
        ]
    )
    meta = extract(make_txt(text)).meta
    assert meta.title == (
        "Об утверждении плана мероприятий по повышению качества образования"
        " в школах с низкими результатами обучения"
    )


def test_a_mark_under_the_head_of_an_act_leaves_its_letterhead(make_txt) -> None:
    text = "\n".join(
        [
            "ИНСТРУКЦИЯ",
            "Министерства просвещения Российской Федерации",
            "от 14 апреля 2021 г. N 293",
            "Зарегистрировано в Минюсте России 24.05.2021 N 63581",
            "1. Общие положения",
            "1.1. Инструкция определяет порядок проведения мониторинга.",
        ]
    )
    assert extract(make_txt(text)).meta.level == "federal"
