"""The bureau portal's demo (issue 16 point 3): the city's and Ganyu's brands, two city notices, one
featured item where a published one exists (the studio-sites part publishes them), and the Ganyu
honours list in 公示 (seeded by hts.corps.honours.demo) on the county's portal."""

from __future__ import annotations

import datetime as dt

from hts.accounts.models import User
from hts.org.models import Region
from hts.portal.home.models import Notice, PortalBrand
from hts.portal.models import Publication
from hts.portal.public import public_pages_changed

CITY, COUNTY = "440300", "320721"
BRANDS = {
    CITY: ("深圳市中小学名班主任工作室", "深圳市教育局主办 · 深圳市教育科学研究院承办", "粤ICP备00000001号-1"),
    COUNTY: ("赣榆县班主任工作网", "赣榆县教育局主办", "苏ICP备00000002号-1"),
}
NOTICES = [
    (
        "关于开展第二批名班主任工作室年度考核的通知",
        "<p>各区教育局、市直属学校：</p><p>根据《深圳市中小学名班主任工作室建设方案》，现开展本年度考核。"
        "请各工作室于12月20日前在平台提交年度总结、活动记录和成果材料。</p>",
        14,
    ),
    (
        "关于举办全市班主任基本功展示活动的通知",
        "<p>为提升班主任专业能力，定于下月举办全市班主任基本功展示活动，"
        "内容包括主题班会设计、情景答辩和育人故事。请各校推荐参赛教师。</p>",
        3,
    ),
]


def seed(today: dt.date) -> int:
    regions = {r.code: r for r in Region.objects.filter(code__in=[CITY, COUNTY])}
    if not regions:
        return 0
    created = 0
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    for code, (name, footer, filing) in BRANDS.items():
        region = regions.get(code)
        if region is not None and not PortalBrand.objects.filter(region=region).exists():
            PortalBrand.objects.create(region=region, name=name, footer=footer, filing_number=filing, updated_by=admin)
            created += 1
    city = regions.get(CITY)
    if city is not None:
        for title, body, days_ago in NOTICES:
            if not Notice.objects.filter(region=city, title=title).exists():
                Notice.objects.create(
                    region=city, title=title, body=body, status=Notice.Status.PUBLISHED,
                    published_on=today - dt.timedelta(days=days_ago), created_by=admin,
                )  # fmt: skip
                created += 1
        published = Publication.objects.filter(
            status=Publication.Status.PUBLISHED, studio__host_school__region__path__startswith=city.path
        )
        if not published.filter(featured=True).exists():
            first = published.order_by("-published_at").first()
            if first is not None:
                Publication.objects.filter(pk=first.pk).update(featured=True)
                created += 1
    if created:
        public_pages_changed()
    return created
