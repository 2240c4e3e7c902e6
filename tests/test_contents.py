"""Front matter: tables of contents kept apart, split into entries, the outline when nothing else is left; covers in traditional characters."""

from __future__ import annotations

import pytest

from plancli import parse_document, text_to_document
from plancli.model import Plan
from plancli.parse.complete import unplaced_text


def parse(text: str) -> Plan:
    document = text_to_document(text, name="plan.txt")
    plan = parse_document(document, "plan")
    assert unplaced_text(document, plan) == ({}, {})
    return plan


CONTENTS_ONLY = {
    "simplified": ("某县教育事业发展“十四五”规划\n目  录\n第一章 发展基础……………………1\n一、主要成就………………1\n"
                   "二、面临挑战………………3\n第二章 总体要求……………………5\n一、指导思想………………5\n第三章 保障措施…………9\n"),
    "traditional": ("某縣教育事業發展“十四五”規劃\n目  錄\n第一章 發展基礎……………………1\n一、主要成就………………1\n"
                    "二、面臨挑戰………………3\n第二章 總體要求……………………5\n一、指導思想………………5\n第三章 保障措施…………9\n"),
}


@pytest.mark.parametrize("script", sorted(CONTENTS_ONLY))
def test_a_plan_of_only_its_contents_has_the_contents_as_outline(script: str):
    plan = parse(CONTENTS_ONLY[script])
    assert plan.outline_from_contents
    assert len(plan.contents.entries) == 6
    assert [n.path for n in plan.walk()] == ["第一章", "第一章.一", "第一章.二", "第二章", "第二章.一", "第三章"]
    assert all("…" not in n.title and not n.title[-1].isdigit() for n in plan.walk())
    assert plan.find("1.2").heading == CONTENTS_ONLY[script].split("\n")[4].split("…")[0]
    assert plan.warnings == ["the body has no numbered headings: the outline is built from the table of contents"]
    assert plan.metadata.title.endswith(("规划", "規劃"))


def test_a_plan_with_a_body_keeps_its_outline_from_the_body():
    plan = parse(CONTENTS_ONLY["simplified"] + "第一章 发展基础\n一、主要成就\n成绩显著。\n")
    assert not plan.outline_from_contents and plan.warnings == []
    assert [n.path for n in plan.walk()] == ["第一章", "第一章.一"]


def test_contents_run_together_on_one_line_is_split_into_entries():
    text = ("某区教育发展规划\n目录第一章规划背景4一、发展基础4(一)主要成就5(二)存在问题6二、面临形势7第二章总体要求9\n"
            "第一章 规划背景\n一、发展基础\n（一）主要成就\n成绩显著。\n")
    plan = parse(text)
    assert plan.contents.heading == "目录"
    assert [e.text for e in plan.contents.entries] == [
        "第一章规划背景4", "一、发展基础4", "(一)主要成就5", "(二)存在问题6", "二、面临形势7", "第二章总体要求9"]
    assert [n.path for n in plan.walk()] == ["第一章", "第一章.一", "第一章.一.（一）"]
    assert plan.metadata.title == "某区教育发展规划" and plan.warnings == []


def test_run_together_contents_alone_make_an_outline_without_page_numbers():
    plan = parse("某区教育发展规划\n目录第一章规划背景4一、发展基础4(一)主要成就5第二章总体要求9\n")
    assert plan.outline_from_contents
    assert [(n.path, n.title) for n in plan.walk()] == [
        ("第一章", "规划背景"), ("第一章.一", "发展基础"), ("第一章.一.（一）", "主要成就"), ("第二章", "总体要求")]


def test_contents_without_a_title_are_still_contents():
    text = ("某区教育发展规划\n一、总体要求……………………1\n（一）指导思想………………1\n二、主要任务……………………3\n"
            "一、总体要求\n（一）指导思想\n正文。\n二、主要任务\n")
    plan = parse(text)
    assert plan.contents.heading == "" and len(plan.contents.entries) == 3
    assert [n.path for n in plan.walk()] == ["一", "一.（一）", "二"] and plan.warnings == []


def test_titles_never_keep_dot_leaders_and_page_numbers():
    plan = parse("某区规划\n一、总体要求……………………1\n正文。\n")
    assert plan.find("1").title == "总体要求"


def test_page_markers_of_document_sharing_sites_are_debris():
    text = "某区教育发展规划\n1、\n一、总体要求\n坚持以人民为中心。\n2、\n二、主要任务\n（一）学前教育\n3、\n扩大普惠资源。\n"
    plan = parse(text)
    assert [d.text for d in plan.debris] == ["1、", "2、", "3、"]
    assert [n.path for n in plan.walk()] == ["一", "二", "二.（一）"]
    assert plan.find("2.1").paragraphs[0].text == "扩大普惠资源。"


def test_a_traditional_cover():
    # Texts are kept as written; the status is a category, named in its simplified form.
    plan = parse("某縣人民政府辦公室關於印發某縣教育事業發展“十四五”規劃的通知\n某府辦〔2021〕8號\n"
                 "某縣教育事業發展“十四五”規劃\n（徵求意見稿）\n二〇二一年六月\n第一章 總體要求\n")
    meta = plan.metadata
    assert (meta.title, meta.issuer, meta.date, meta.period, meta.status, meta.document_number) == (
        "某縣教育事業發展“十四五”規劃", "某縣人民政府辦公室", "二〇二一年六月", "十四五", "征求意见稿", "某府辦〔2021〕8號")
