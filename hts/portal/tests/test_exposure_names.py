"""Issue 16 point 8: pupils' names masked before a text is public, from the class lists and by jieba's
name tagging, with care for what jieba tags as a name and is not one."""

import os
import subprocess
import sys

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape

from hts.classwork.models import Pupil
from hts.portal.exposure import names
from hts.portal.exposure.api import CLASS_LIST, DETECTED, text_for_public
from hts.portal.exposure.names import detected_names
from hts.portal.tests.public_checks import assert_public_page_clean
from hts.studios.models import Membership
from testkit import make_running_studio, make_teacher, world  # noqa: F401

# Real sentences of the kind a head teacher writes, with the names a reader takes for a pupil's.
NAMED = [
    ("今天的主题班会上，张晓明同学第一个发言，李思雨也分享了她的故事。", ["张晓明", "李思雨"]),
    ("刘洋和陈浩然表现很好，受到了表扬。", ["刘洋", "陈浩然"]),  # jieba splits 陈/浩然: joined again
    ("班长赵一鸣组织大家打扫教室。", ["赵一鸣"]),
    ("这个孩子叫王芳，平时很安静。", ["王芳"]),  # 安静 is tagged a name too, and is not one
    ("王丽丽、张伟、刘强三位同学获得了三好学生称号。", ["王丽丽", "张伟", "刘强"]),
    ("何静怡同学和欧阳小明在运动会上获得了第一名。", ["何静怡", "欧阳小明"]),
    ("班里的马一诺获得一等奖。", ["马一诺"]),
]
# Sentences jieba tags names in where there is no pupil: public figures, forms of address, ordinary words.
NOT_NAMED = [
    "我们学习了雷锋精神，向雷锋同志学习。",
    "鲁迅的《故乡》里写到了闰土。",
    "黄河是中华民族的母亲河，长江也很重要。",
    "孙悟空大闹天宫的故事深受学生喜爱。",
    "习近平总书记强调立德树人。",
    "同学们在春天里种下了希望。",
    "石头剪刀布，马上开始。",
    "王老师带领同学们参观了科技馆，张老师说马卡龙很好吃。",
    "我们开展了安全教育主题班会，同学们认真学习了交通安全知识。",
    "家长会上，各位家长积极发言，陈列了孩子们的作品。",
    "学校举行了秋季运动会，高年级同学表现突出，金牌数量创新高。",
]


@pytest.mark.parametrize(("sentence", "expected"), NAMED)
def test_the_detector_finds_the_pupils_names_in_real_sentences(sentence, expected):
    assert detected_names(sentence) == expected


@pytest.mark.parametrize("sentence", NOT_NAMED)
def test_the_detector_leaves_public_figures_titles_and_ordinary_words(sentence):
    assert detected_names(sentence) == []


def test_the_studios_teachers_are_public():
    assert detected_names("本次活动由主持人李红老师主持，赵一鸣同学发言。", public={"李红"}) == ["赵一鸣"]


def test_jieba_is_loaded_once_and_only_when_first_asked():
    code = (
        "import django, sys; django.setup(); import hts.portal.exposure.api, hts.portal.urls; "
        "print('jieba' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "False"
    assert names._posseg() is names._posseg()


@pytest.fixture
def studio(world):  # noqa: F811
    studio = make_running_studio(world)
    mentor = make_teacher(world.school_b, "周明远")
    Membership.objects.create(studio=studio, role="mentor", teacher=mentor, status="active")
    Pupil.objects.create(school_class=world.class_a, name="张晓明", gender="M")
    Pupil.objects.create(school_class=world.class_a, name="林小雨", gender="F")
    return studio


@pytest.mark.django_db
def test_text_for_public_masks_class_lists_and_detected_names_and_says_why(studio):
    html = "<p>李红老师和周明远老师在主题班会上表扬了张晓明和刘子涵，林小雨主持。</p>"
    masked = text_for_public(html, studio=studio)
    assert masked.html == "<p>李红老师和周明远老师在主题班会上表扬了张*明和刘*涵，林*雨主持。</p>"
    assert [(m.name, m.masked, m.source) for m in masked.found] == [
        ("张晓明", "张*明", CLASS_LIST),
        ("林小雨", "林*雨", CLASS_LIST),
        ("刘子涵", "刘*涵", DETECTED),
    ]
    assert masked.names == ["张晓明", "林小雨", "刘子涵"]
    # The preview the publish step shows the host: each name, its masked form and why.
    preview = render_to_string("portal/exposure/masked_names.html", {"masked": masked})
    assert "刘子涵 → 刘*涵" in preview and escape(masked.found[0].why) in preview
    # And what the public gets holds none of the pupils' names.
    assert_public_page_clean(masked.html, names={"张晓明", "林小雨", "刘子涵"})


@pytest.mark.django_db
def test_markup_is_not_read_as_text(studio):
    masked = text_for_public('<p class="lead"><img alt="张晓明在发言" src="/x.jpg">发言</p>', studio=studio)
    assert "张晓明" not in masked.html and 'class="lead"' in masked.html


def test_the_clean_check_fails_on_a_mobile_number_and_a_listed_name():
    assert_public_page_clean("<p>电话 010-12345678，编号 2026131234567890</p>", names={"张晓明"})
    with pytest.raises(AssertionError, match="mobile"):
        assert_public_page_clean("<p>联系：13812345678</p>", names=set())
    with pytest.raises(AssertionError, match="张晓明"):
        assert_public_page_clean('<img alt="张晓明">', names={"张晓明"})
