"""The book of winning essays (001 二 12: 将优秀论文、案例结集出版), built in the background (hts.core.jobs)
with its progress shown; the PDF is kept on the contest as well, where the public page offers it."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.http import Http404
from django.utils.translation import gettext as _

from hts.accounts.access import get_scoped_or_404
from hts.core.audit import audit_record
from hts.core.files import stored_file_discard
from hts.core.jobs import ExportError, ExportFile, Progress, register_export
from hts.core.models import ExportJob
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.portal.contest import documents
from hts.portal.contest.models import Contest, ContestBook
from hts.portal.contest.services import ORGANISE, winners
from hts.portal.public import public_pages_changed

KIND = "portal.contest_book"


def build_book(contest: Contest, progress: Progress | None = None) -> bytes:
    entries = list(winners(contest))
    texts: dict[int, str] = {}
    for done, entry in enumerate(entries):
        if progress:
            progress(done, len(entries) + 1)
        texts[entry.pk] = documents.essay_html(entry)
    content = documents.book_pdf(contest, entries, texts)
    if progress:
        progress(len(entries) + 1, len(entries) + 1)
    return content


def book_keep(contest: Contest, content: bytes, *, actor: object) -> ContestBook:
    """The book on the contest (replacing an older one): what the public page serves."""
    for old in ContestBook.objects.filter(contest=contest):
        stored_file_discard(old)
        old.delete()
    book = ContestBook(
        contest=contest, original_name=f"{contest.title}.pdf", content_type=PDF_CONTENT_TYPE, kind="pdf",
        size=len(content), uploaded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    book.file.save("book.pdf", ContentFile(content), save=False)
    book.save()
    public_pages_changed()
    return book


def contest_book_export(job: ExportJob, progress: Progress) -> ExportFile:
    try:
        contest = get_scoped_or_404(
            job.owner, ORGANISE, Contest.objects.select_related("region", "school"), uid=job.params.get("contest")
        )
    except Http404 as error:
        raise ExportError(_("This contest is not available to you.")) from error
    if contest.status != Contest.Status.FINAL:
        raise ExportError(_("The book is made once the results are final."))
    content = build_book(contest, progress)
    book_keep(contest, content, actor=job.owner)
    audit_record(actor=job.owner, action="portal.contest.book_made", target=contest)
    return ExportFile(filename=f"{contest.title}.pdf", content=content, content_type=PDF_CONTENT_TYPE)


register_export(KIND, contest_book_export, action=ORGANISE)
