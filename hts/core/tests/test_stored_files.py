"""The one stored-file implementation (hts/core/files.py), run once for every app that stores
uploads, through the page a user reaches: disguised executables and oversize files are refused in
Chinese with nothing stored; names with path parts never reach the storage path; a file is served
only after the app's permission check, with safe headers."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.utils import timezone
from PIL import Image

from hts.accounts.models import User
from hts.activities.models import Activity, ActivityAttachment
from hts.archives import services as archive_services
from hts.archives.models import ArchiveFile
from hts.classwork.models import LogPhoto
from hts.core.files import KINDS, display_name, serve_stored, stored_file_accept
from hts.core.models import StoredFileBase, stored_file_path
from hts.funds import services as fund_services
from hts.funds.models import Receipt
from hts.portal.contest.models import ContestBook, EntryDocument
from hts.portal.home.models import BrandLogo, NoticeAttachment
from hts.portal.models import ConsentScan, PublicationPhoto
from hts.portal.sites.models import MemberPhoto
from hts.research import services as research_services
from hts.research.models import Evidence, ProjectDocument, ResearchProject
from hts.studios.models import Membership
from testkit import World, client_for, make_running_studio, make_teacher, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Case:
    """One app's upload path: who uploads where, who may read, who is outside the scope."""

    model: type[StoredFileBase]
    uploader: User
    reader: User  # may see the owner record, did not upload
    outsider: User  # outside the scope: the owner record does not exist for them
    upload_url: str
    rows: Callable[[], Any]
    download_url: Callable[[Any], str]
    owner: dict[str, Any]  # the row's own fields, for the service-level call
    form: dict[str, Any] = field(default_factory=dict)

    def post(self, name: str, data: bytes) -> Any:
        return client_for(self.uploader).post(self.upload_url, {**self.form, "file": SimpleUploadedFile(name, data)})


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def member_of(studio: Any, world: World) -> User:
    username = f"member{Membership.objects.count()}"
    teacher = make_teacher(world.school_a2, f"成员{username}")
    Membership.objects.create(studio=studio, role="member", teacher=teacher, status="active")
    return make_user(username, teacher=teacher)


def activities_case(world: World, studio: Any) -> Case:
    starts = timezone.now()
    activity = Activity.objects.create(
        studio=studio, kind="forum", title="沙龙", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), place="厅"
    )
    base = f"/activities/{activity.uid}/attachments/"
    return Case(
        model=ActivityAttachment,
        uploader=fresh(world.teacher_user),
        reader=world.district_staff,
        outsider=world.district_b_staff,
        upload_url=base,
        rows=lambda: ActivityAttachment.objects.filter(activity=activity),
        download_url=lambda record: f"{base}{record.uid}/",
        owner={"activity": activity},
    )


def archives_case(world: World, studio: Any) -> Case:
    member = member_of(studio, world)
    item = archive_services.item_create(
        actor=member,
        owner=member.teacher,
        data={"kind": "lesson_plan", "title": "教案", "body": "<p>正文</p>", "date": dt.date(2026, 3, 2),
              "visibility": "studio", "studio": studio},
    )  # fmt: skip
    base = f"/archives/items/{item.uid}/files/"
    return Case(
        model=ArchiveFile,
        uploader=member,
        reader=world.district_staff,
        outsider=world.district_b_staff,
        upload_url=base,
        rows=lambda: ArchiveFile.objects.filter(item=item),
        download_url=lambda record: f"{base}{record.uid}/",
        owner={"item": item},
    )


def research_document_case(world: World, studio: Any) -> Case:
    member = member_of(studio, world)
    host = fresh(world.teacher_user)
    project = research_services.project_create(
        actor=host,
        studio=studio,
        data={"title": "家校协同策略研究", "level": "county", "starts_on": dt.date(2026, 3, 1),
              "ends_on": dt.date(2027, 6, 30), "lead": studio.host, "members": [member.teacher], "outputs": ""},
    )  # fmt: skip
    base = f"/research/projects/{project.uid}/documents/"
    return Case(
        model=ProjectDocument,
        uploader=host,
        reader=member,
        outsider=world.district_b_staff,
        upload_url=base,
        rows=lambda: ProjectDocument.objects.filter(project=project),
        download_url=lambda record: f"{base}{record.uid}/",
        owner={"project": project, "stage": ResearchProject.Status.APPLIED},
    )


def research_evidence_case(world: World, studio: Any) -> Case:
    member = member_of(studio, world)
    achievement = research_services.achievement_record(
        actor=member,
        data={"kind": "paper_published", "title": "家校沟通的三个策略", "level": "city",
              "achieved_on": dt.date(2026, 4, 12), "issuer": "《深圳教育》"},
    )  # fmt: skip
    base = f"/research/achievements/{achievement.uid}/evidence/"
    return Case(
        model=Evidence,
        uploader=member,
        reader=world.district_staff,
        outsider=world.district_b_staff,
        upload_url=base,
        rows=lambda: Evidence.objects.filter(achievement=achievement),
        download_url=lambda record: f"{base}{record.uid}/",
        owner={"achievement": achievement},
    )


def funds_case(world: World, studio: Any) -> Case:
    bureau, host = fresh(world.district_staff), fresh(world.teacher_user)
    fund_services.grant_record(
        actor=bureau, studio=studio, year=2026, data={"city_amount": Decimal(40000), "district_match": Decimal(40000)}
    )
    fund_services.budget_save(actor=host, studio=studio, year=2026, amounts={"books": Decimal(10000)})
    expense = fund_services.expense_create(
        actor=host,
        studio=studio,
        data={"spent_on": dt.date(2026, 3, 10), "amount": Decimal(1200), "category": "books", "payee": "深圳书城",
              "purpose": "购买班主任工作专业书籍", "asset_number": ""},
    )  # fmt: skip
    return Case(
        model=Receipt,
        uploader=host,
        reader=world.legal_rep,
        outsider=world.district_b_staff,
        upload_url=f"/funds/expenses/{expense.uid}/receipt/",
        rows=lambda: Receipt.objects.filter(expense=expense),
        download_url=lambda record: f"/funds/expenses/{expense.uid}/receipts/{record.uid}/",
        owner={"expense": expense},
    )


def consent_form_case(world: World, studio: Any) -> Case:
    """A guardian consent's signed form: the class's head teacher attaches it, the school's office reads it,
    a bureau (which sees no pupil) gets 404."""
    from hts.classwork.models import Pupil
    from hts.portal.models import GuardianConsent

    pupil = Pupil.objects.create(school_class=world.class_a, name="陈小雨", gender="F")
    consent = GuardianConsent.objects.create(pupil=pupil, given_on=dt.date(2026, 9, 5))
    base = f"/portal/consents/{consent.uid}/form/"
    return Case(
        model=ConsentScan,
        uploader=fresh(world.teacher_user),
        reader=world.school_staff,
        outsider=world.district_staff,
        upload_url=base,
        rows=lambda: ConsentScan.objects.filter(consent=consent),
        download_url=lambda record: f"{base}{record.uid}/",
        owner={"consent": consent},
    )


CASES: dict[str, tuple[type[StoredFileBase], Callable[[World, Any], Case]]] = {
    "activities": (ActivityAttachment, activities_case),
    "archives": (ArchiveFile, archives_case),
    "research-document": (ProjectDocument, research_document_case),
    "research-evidence": (Evidence, research_evidence_case),
    "funds": (Receipt, funds_case),
    "portal-consent-form": (ConsentScan, consent_form_case),
}


@pytest.fixture(params=list(CASES))
def case(request: Any, world: World) -> Case:
    return CASES[request.param][1](world, make_running_studio(world))


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


# Tables the cases here do not fit (they upload a PDF and a PNG, and expect a signed-in reader): uploads
# of one kind only (a class log's photos, a portal's photos and logos: images; an essay: docx or pdf),
# public files (a published news photo, a notice's attachment, a blog photo, the contest's book), or
# files made by the platform (the book). Each is tested beside its app with the same refusals (a
# disguised file, an oversize one, nothing stored) and the scope's 404 (for a public file: of a draft,
# an unpublished or a withdrawn row).
PORTAL_FILES = "hts/portal/tests/test_stored_files_portal.py"
TESTED_BESIDE_THEIR_APP: dict[type[StoredFileBase], str] = {
    LogPhoto: "hts/classwork/tests/test_classwork.py",
    PublicationPhoto: PORTAL_FILES,
    MemberPhoto: PORTAL_FILES,
    BrandLogo: PORTAL_FILES,
    NoticeAttachment: PORTAL_FILES,
    EntryDocument: PORTAL_FILES,
    ContestBook: PORTAL_FILES,
}


def test_every_stored_file_table_is_tested_here() -> None:
    tables = {model for model in apps.get_models() if issubclass(model, StoredFileBase)}
    assert tables == {model for model, _setup in CASES.values()} | set(TESTED_BESIDE_THEIR_APP)


def test_every_table_tested_beside_its_app_names_a_test_module_that_exists() -> None:
    root = Path(__file__).resolve().parents[3]
    for model, module in TESTED_BESIDE_THEIR_APP.items():
        assert (root / module).is_file(), model
        assert model.__name__ in (root / module).read_text(), model


def test_every_use_has_its_size_limit_in_settings(settings: Any) -> None:
    for model in {model for model, _setup in CASES.values()} | set(TESTED_BESIDE_THEIR_APP):
        assert model.file_use.max_bytes == settings.UPLOAD_MAX_BYTES[model.file_use.key] > 0
        assert set(model.file_use.kinds) <= set(KINDS)


@pytest.mark.parametrize(
    ("name", "data", "told"),
    [
        ("证书.jpg", ELF, "的文件内容不是图片"),
        ("报告.pdf", MZ, "的文件内容不是名称所示的 .pdf 文件"),
        ("报告.pdf", ELF, "的文件内容不是名称所示的 .pdf 文件"),
        ("合影.png", MZ, "的文件内容不是图片"),
        ("setup.exe", MZ, "不是允许的文件类型"),
    ],
)
def test_a_disguised_executable_is_refused_in_chinese_and_nothing_is_stored(
    case: Case, isolated_media: Path, name: str, data: bytes, told: str
) -> None:
    """A name of an accepted kind over other bytes is told its content is wrong; any other name, its type."""
    response = case.post(name, data)
    assert response.status_code == 400
    page = response.content.decode()
    if told != "不是允许的文件类型" and not any(
        name.endswith(e) for k in case.model.file_use.kinds for e in KINDS[k].extensions
    ):
        told = "不是允许的文件类型"  # a use that does not take this kind at all
    assert f"“{name}”{told}" in page
    assert not case.rows().exists()
    assert stored_files(isolated_media) == []


def test_an_oversize_file_is_refused_in_chinese_and_nothing_is_stored(
    case: Case, isolated_media: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, case.model.file_use.key: 1024 * 1024}
    response = case.post("大文件.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "最大允许 1 MB" in response.content.decode()
    assert not case.rows().exists()
    assert stored_files(isolated_media) == []


LONG_NAME = "班主任工作室成长档案" * 30 + ".pdf"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("a/b.pdf", "b.pdf"),
        ("..\\..\\windows\\win.pdf", "win.pdf"),
        (LONG_NAME, None),
    ],
)
def test_a_name_with_path_parts_is_only_display_text(
    case: Case, isolated_media: Path, name: str, shown: str | None
) -> None:
    assert case.post(name, PDF).status_code == 302
    record = case.rows().get()
    folder = case.model(**case.owner).storage_folder()
    assert re.fullmatch(rf"{re.escape(folder)}/[0-9a-f]{{32}}\.pdf", record.file.name)
    assert [path.relative_to(isolated_media).as_posix() for path in stored_files(isolated_media)] == [record.file.name]
    assert "/" not in record.original_name and "\\" not in record.original_name
    if shown is not None:
        assert record.original_name == shown
    else:
        assert len(record.original_name) <= 200 and record.original_name.endswith(".pdf")
        assert record.original_name.startswith("班主任工作室成长档案")
    assert (record.kind, record.content_type, record.size, record.is_image) == (
        "pdf",
        "application/pdf",
        len(PDF),
        False,
    )
    response = client_for(case.reader).get(case.download_url(record))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and "/" not in response["Content-Disposition"]


def test_the_service_keeps_path_parts_out_of_storage_even_when_the_upload_keeps_them(
    case: Case, isolated_media: Path
) -> None:
    # Django's own upload classes already drop folders; a File built in code keeps them.
    upload = File(io.BytesIO(PDF), name="../../../etc/cron.d/x.pdf")
    record = stored_file_accept(case.model, upload, uploaded_by=case.uploader, **case.owner)
    assert record.pk and record.original_name == "x.pdf"
    assert ".." not in record.file.name and "etc" not in record.file.name
    assert record.file.name.startswith(record.storage_folder() + "/")
    assert (isolated_media / record.file.name).read_bytes() == PDF


def test_a_file_is_served_only_after_the_permission_check(case: Case) -> None:
    assert case.post("纪要.pdf", PDF).status_code == 302
    assert case.post("合影.png", png_bytes()).status_code == 302
    document, photo = case.rows().order_by("id")
    assert photo.is_image and photo.kind == "png" and not document.is_image
    for record in (document, photo):
        url = case.download_url(record)
        assert client_for(case.outsider).get(url).status_code == 404
        anonymous = client_for(case.reader)
        anonymous.logout()
        assert anonymous.get(url).status_code == 302  # to the sign-in page, never the bytes
    response = client_for(case.reader).get(case.download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    response = client_for(case.reader).get(case.download_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert b"".join(response.streaming_content) == photo.file.open("rb").read()


def test_a_file_of_another_record_is_not_served_through_this_one(case: Case, world: World) -> None:
    assert case.post("纪要.pdf", PDF).status_code == 302
    record = case.rows().get()
    other_studio = make_running_studio(world, name="另一个工作室")
    other = CASES["activities" if case.model is not ActivityAttachment else "archives"][1](world, other_studio)
    assert other.post("别处.pdf", PDF).status_code == 302
    foreign = other.rows().get()
    assert (
        client_for(case.reader).get(case.download_url(record).replace(str(record.uid), str(foreign.uid))).status_code
        == 404
    )


# The pieces, alone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("合影.png", "合影.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张\\报告.docx", "报告.docx"),
        ("a\r\nSet-Cookie: x.pdf", "aSet-Cookie: x.pdf"),
        ("", "file"),
        ("/", "file"),
        ("长" * 300 + ".pptx", "长" * 195 + ".pptx"),
        ("长" * 300, "长" * 200),
    ],
)
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


@pytest.mark.parametrize(
    ("given", "extension"),
    [
        ("upload.pdf", "pdf"),
        ("x.JPG", "jpg"),
        ("../../a.sh/../b", "bin"),
        ("a.p/df", "bin"),
        ("a", "bin"),
        ("a.toolong", "bin"),
    ],
)
def test_the_storage_path_is_random_and_keeps_only_a_plain_extension(given: str, extension: str) -> None:
    class Owner:
        def storage_folder(self) -> str:
            return "app/owner"

    first, second = stored_file_path(Owner(), given), stored_file_path(Owner(), given)  # type: ignore[arg-type]
    assert re.fullmatch(rf"app/owner/[0-9a-f]{{32}}\.{extension}", first) and first != second


def test_an_unreadable_image_is_refused_only_where_thumbnails_are_made(world: World, isolated_media: Path) -> None:
    fake_png = b"\x89PNG\r\n\x1a\n" + b"not really an image"
    studio = make_running_studio(world)
    archives, activities = archives_case(world, studio), activities_case(world, studio)
    with pytest.raises(ValidationError, match="不是可读取的图片"):
        stored_file_accept(ArchiveFile, SimpleUploadedFile("x.png", fake_png), uploaded_by=None, **archives.owner)
    assert stored_files(isolated_media) == []
    record = stored_file_accept(
        ActivityAttachment, SimpleUploadedFile("x.png", fake_png), uploaded_by=None, **activities.owner
    )
    assert record.is_image and not record.thumbnail


def test_a_row_whose_file_is_gone_is_a_404(world: World) -> None:
    case = activities_case(world, make_running_studio(world))
    record = stored_file_accept(
        ActivityAttachment, SimpleUploadedFile("a.pdf", PDF), uploaded_by=case.uploader, **case.owner
    )
    record.file.storage.delete(record.file.name)
    with pytest.raises(Http404):
        serve_stored(record)
    with pytest.raises(Http404):
        serve_stored(record, thumbnail=True)


# Existing rows ----------------------------------------------------------------------------------

BEFORE_STORED_FILE_BASE = [
    ("activities", "0008_people_quota_rules"),
    ("archives", "0001_initial"),
    ("funds", "0002_funding_policy_fields_without_defaults"),
    ("research", "0001_initial"),
]


@pytest.mark.django_db(transaction=True)
def test_rows_stored_before_the_shared_base_keep_working_after_its_migrations(world: World) -> None:
    studio = make_running_studio(world)
    # The portal's tables came after the shared base: going back to before it removes them and their rows.
    cases = [setup(world, studio) for model, setup in CASES.values() if model._meta.app_label != "portal"]
    for case in cases:
        assert case.post("合影.png", png_bytes()).status_code == 302
        assert case.post("纪要.pdf", PDF).status_code == 302
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_STORED_FILE_BASE)
    old = executor.loader.project_state(BEFORE_STORED_FILE_BASE).apps
    attachment = old.get_model("activities", "ActivityAttachment")
    assert sorted(attachment.objects.values_list("is_photo", flat=True)) == [False, True]
    assert "kind" not in {f.name for f in attachment._meta.get_fields()}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for case in cases:
        photo, document = case.rows().order_by("id")
        assert (document.kind, document.is_image, photo.kind, photo.is_image) == ("pdf", False, "png", True)
        case.model.objects.filter(pk=photo.pk).update(size=5 * 1024**3)  # a big integer everywhere now
        assert client_for(case.reader).get(case.download_url(photo)).status_code == 200
    assert not Receipt.history.filter(kind="").exists()  # the history rows too
