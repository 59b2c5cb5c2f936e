"""The shared checks every public part calls: name masking, sensitive words."""

import pytest

from hts.portal.exposure.api import mask_name, mask_names_in
from hts.portal.models import PortalPolicy
from hts.portal.words import sensitive_words_found
from testkit import make_region


def test_mask_name_keeps_the_family_name_and_the_last_character():
    assert mask_name("张晓明") == "张*明"
    assert mask_name("李明") == "李*"
    assert mask_name("欧阳小明") == "欧**明"


def test_longer_names_are_masked_before_their_prefixes():
    masked = mask_names_in("<p>张晓明和张晓在班会上发言</p>", ["张晓", "张晓明", "王五"])
    assert masked.html == "<p>张*明和张*在班会上发言</p>"
    assert masked.names == ["张晓明", "张晓"]


@pytest.mark.django_db
def test_a_subregion_reads_its_ancestors_sensitive_words_ignoring_spaces_and_case():
    city = make_region("某市", "9901", "city")
    district = make_region("某区", "990101", "district", parent=city)
    PortalPolicy.objects.create(region=city, sensitive_words="赌博\nSPAM\n")
    assert sensitive_words_found("这里有 赌 博 广告 spam", district) == ["赌博", "SPAM"]
    assert sensitive_words_found("一条正常的留言", district) == []
