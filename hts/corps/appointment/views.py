"""Pages of competitive appointment: the school's rounds and one round's steps (staff), a teacher's
own applications, results and letters, and the Word/PDF documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, declares, get_scoped_or_404, principal, require
from hts.core.forms import submit
from hts.core.pdf import PDF_CONTENT_TYPE
from hts.core.workflow import labelled_transitions
from hts.corps.appointment import acceptance, documents, guards, selectors, services
from hts.corps.appointment.forms import (
    AdjustForm,
    ApplicationForm,
    DecideForm,
    ObjectionForm,
    PostsForm,
    RoundForm,
    ScheduleForm,
    SpeechStartForm,
)
from hts.corps.appointment.models import Application, AppointmentRound, Letter, Objection, Post
from hts.evaluation.rounds.selectors import rater_candidates
from hts.org.models import School, Teacher

MANAGE = guards.MANAGE
APPLY = guards.APPLY
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Status = AppointmentRound.Status


def _round(request: HttpRequest, uid: str) -> AppointmentRound:
    return get_scoped_or_404(
        request.user,
        MANAGE,
        AppointmentRound.objects.select_related("school__region", "speech_round", "rating"),
        uid=uid,
    )


@action_required(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    school = principal(request).scoped(MANAGE, School.objects.all()).order_by("name").first()
    if school is None:
        raise Http404
    return redirect("corps-appointment-school", school_uid=school.uid)


@action_required(MANAGE)
def school_rounds(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = get_scoped_or_404(request.user, MANAGE, School.objects.select_related("region"), uid=school_uid)
    form = RoundForm(request.POST or None)
    saved = submit(request, form, lambda d: services.round_create(actor=request.user, school=school, data=d))
    if saved is not None:
        messages.success(request, _("The appointment round is created: add its posts."))
        return redirect("corps-appointment-round", uid=saved.uid)
    rounds = AppointmentRound.objects.filter(school=school).order_by("-term_from", "-pk")
    return render(
        request,
        "corps/appointment/school.html",
        {"school": school, "rounds": rounds, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _next_actor(rnd: AppointmentRound) -> str:
    return {
        Status.POSTS: _("School staff: add the posts and publish them."),
        Status.APPLYING: _("Teachers of the school: apply; then school staff close the applications."),
        Status.CHECKING: _("School staff: review the qualification checks, then open the speeches."),
        Status.SPEECH: _(
            "School staff: schedule each speech and issue the rating links; the panel scores on its sheets; "
            "then close the scoring."
        ),
        Status.ASSIGNING: _("School staff: review the proposed assignment, adjust it with reasons, publish the list."),
        Status.PUBLICITY: _(
            "Teachers may object until the end of the period; school staff decide, then issue letters."
        ),
        Status.LETTERS: _("Appointees: accept the letter on your page."),
    }[rnd.status]


STEP_FORMS = {"posts", "speech", "schedule", "adjust"}


@action_required(MANAGE)
def round_detail(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = _round(request, uid)
    which = request.POST.get("form") if request.method == "POST" else None
    posts_form = PostsForm(request.POST if which == "posts" else None, classes=selectors.classes_for_posts(rnd))
    speech_form = SpeechStartForm(
        request.POST if which == "speech" else None,
        versions=selectors.speech_versions(rnd),
        panel=_panel_candidates(rnd),
        initial={"version": selectors.default_speech_version()},
    )
    qualified = rnd.applications.filter(status=Application.Status.QUALIFIED).select_related("teacher")
    adjust_form = AdjustForm(
        request.POST if which == "adjust" else None,
        posts=rnd.posts.select_related("school_class"),
        applications=qualified,
    )
    done: Any = None
    if which == "posts":
        done = submit(
            request, posts_form, lambda d: services.posts_add(actor=request.user, rnd=rnd, classes=d["classes"])
        )
    elif which == "speech":
        done = submit(
            request,
            speech_form,
            lambda d: services.speeches_start(
                actor=request.user, rnd=rnd, version=d["version"], panel=d["panel"], min_responses=d["min_responses"]
            ),
        )
    elif which == "adjust":
        done = submit(
            request,
            adjust_form,
            lambda d: (
                services.assignment_set(
                    actor=request.user, rnd=rnd, post=d["post"], application=d["application"], reason=d["reason"]
                )
                or True
            ),
        )
    if done is not None:
        messages.success(request, _("Saved."))
        return redirect("corps-appointment-round", uid=rnd.uid)
    assignments = selectors.round_assignments(rnd)
    applications = list(
        rnd.applications.select_related("teacher")
        .prefetch_related("teacher__service_records")
        .order_by("-combined", "teacher__name")
    )
    posts = selectors.round_posts(rnd)
    for assignment in assignments:
        assignment.outside_choices = selectors.outside_choices(assignment)
    return render(
        request,
        "corps/appointment/round.html",
        {
            "rnd": rnd,
            "next_actor": _next_actor(rnd),
            "posts": posts,
            "applications": applications,
            "assignments": assignments,
            "unplaced": selectors.unplaced(posts, applications, assignments),
            "mix": selectors.grade_mix(rnd, assignments) if assignments else [],
            "objections": selectors.round_objections(rnd),
            "letters": selectors.round_letters(rnd),
            "history": selectors.round_history(rnd, labelled_transitions(rnd, Status.choices)),
            "posts_form": posts_form,
            "speech_form": speech_form,
            "adjust_form": adjust_form,
            "schedule_form": ScheduleForm(),
            "decide_form": DecideForm(),
            "guards": {
                "publish_posts": guards.can_publish_posts(rnd, request.user),
                "close_applications": guards.can_close_applications(rnd, request.user),
                "close_scoring": guards.can_close_scoring(rnd, request.user),
                "publish_list": guards.can_publish_list(rnd, request.user),
                "issue_letters": guards.can_issue_letters(rnd, request.user),
            },
        },
        status=400 if request.method == "POST" else 200,
    )


def _panel_candidates(rnd: AppointmentRound) -> Any:
    if rnd.speech_round is not None:
        return rater_candidates(rnd.speech_round)
    return selectors.panel_candidates(rnd)


@require_POST
@action_required(MANAGE)
def step(request: HttpRequest, uid: str, name: str) -> HttpResponse:
    rnd = _round(request, uid)
    service: Callable[..., Any] | None = services.SERVICES.get(name)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, rnd=rnd)
        messages.success(request, _("Next step reached: %(step)s.") % {"step": rnd.get_status_display()})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("corps-appointment-round", uid=rnd.uid)


@require_POST
@action_required(MANAGE)
def post_remove(request: HttpRequest, uid: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("round"), pk=request.POST.get("post"), round__uid=uid)
    _round(request, uid)
    try:
        services.post_remove(actor=request.user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("corps-appointment-round", uid=uid)


@require_POST
@action_required(MANAGE)
def schedule(request: HttpRequest, uid: str) -> HttpResponse:
    application = get_scoped_or_404(
        request.user, MANAGE, Application.objects.select_related("round__school", "teacher"), uid=uid
    )
    form = ScheduleForm(request.POST)
    if submit(
        request,
        form,
        lambda d: services.speech_schedule(actor=request.user, application=application, at=d["at"], place=d["place"]),
    ):
        messages.success(request, _("The speech is scheduled and the applicant told."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-appointment-round", uid=application.round.uid)


@require_POST
@action_required(MANAGE)
def decide(request: HttpRequest, uid: str) -> HttpResponse:
    objection = get_scoped_or_404(request.user, MANAGE, Objection.objects.select_related("round__school"), uid=uid)
    form = DecideForm(request.POST)
    if submit(
        request,
        form,
        lambda d: services.objection_decide(
            actor=request.user, objection=objection, upheld=d["upheld"], decision=d["decision"]
        ),
    ):
        messages.success(request, _("The objection is decided and its author told."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-appointment-round", uid=objection.round.uid)


# A teacher's pages -------------------------------------------------------------------------------------


def _teacher(request: HttpRequest) -> Teacher:
    teacher_id = getattr(request.user, "teacher_id", None)
    if teacher_id is None:
        raise Http404
    return get_object_or_404(Teacher.objects.select_related("school"), pk=teacher_id)


@action_required(APPLY)
def mine(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    applications = list(selectors.applications_of_teacher(teacher))
    applied = {a.round_id for a in applications}
    rounds = list(selectors.open_rounds_for_teacher(teacher).select_related("school"))
    published = {
        rnd.pk: selectors.round_assignments(rnd) for rnd in rounds if rnd.status in (Status.PUBLICITY, Status.LETTERS)
    }
    return render(
        request,
        "corps/appointment/mine.html",
        {
            "teacher": teacher,
            "applications": applications,
            "rounds": [
                {
                    "rnd": rnd,
                    "may_apply": rnd.status == Status.APPLYING and rnd.pk not in applied,
                    "may_object": guards.can_object(rnd, request.user)[0],
                    "published": published.get(rnd.pk, []),
                }
                for rnd in rounds
            ],
            "objection_form": ObjectionForm(),
        },
    )


def _round_for_teacher(request: HttpRequest, uid: str) -> AppointmentRound:
    return get_scoped_or_404(request.user, APPLY, AppointmentRound.objects.select_related("school"), uid=uid)


@action_required(APPLY)
def apply(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = _round_for_teacher(request, uid)
    ok, reason = guards.can_apply(rnd, request.user)
    grades = sorted(set(rnd.posts.values_list("school_class__grade", flat=True)))
    teacher = Teacher.objects.filter(pk=getattr(request.user, "teacher_id", None)).first()
    initial = selectors.application_initial(teacher, rnd) if teacher is not None else {}
    form = ApplicationForm(request.POST or None, grades=grades, initial=initial)
    saved = submit(request, form, lambda d: services.application_submit(actor=request.user, rnd=rnd, data=d))
    if saved is not None:
        messages.success(request, _("Your application is submitted."))
        return redirect("corps-appointment-application", uid=saved.uid)
    return render(
        request,
        "corps/appointment/apply.html",
        {
            "rnd": rnd,
            "form": form,
            "may_apply": ok,
            "reason": reason,
            "posts": selectors.round_posts(rnd),
            # The note names only what the records could fill (a teacher may have no subject or no years on file).
            "prefilled": set(initial) & {"teaching_years", "subject_taught"},
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@action_required(APPLY)
def object_to(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = _round_for_teacher(request, uid)
    form = ObjectionForm(request.POST)
    if submit(request, form, lambda d: services.objection_file(actor=request.user, rnd=rnd, text=d["text"])):
        messages.success(request, _("Your objection is filed; school staff will decide it."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-appointment-mine")


def _application(request: HttpRequest, uid: str) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("round__school", "teacher").prefetch_related("teacher__service_records"),
        uid=uid,
    )
    if not guards.can_read_application(application, request.user):
        raise Http404
    return application


@declares(APPLY, MANAGE)
def application_detail(request: HttpRequest, uid: str) -> HttpResponse:
    application = _application(request, uid)
    letter = Letter.objects.filter(application=application).select_related("school_class").first()
    return render(
        request,
        "corps/appointment/application.html",
        {
            "application": application,
            "rnd": application.round,
            "letter": letter,
            "may_accept": letter is not None and guards.can_accept(letter, request.user)[0],
            "is_staff": guards.can_manage(application.round, request.user),
        },
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@declares(APPLY, MANAGE)
def application_docx(request: HttpRequest, uid: str) -> HttpResponse:
    application = _application(request, uid)
    return _download(documents.application_docx(application), DOCX, f"application-{application.uid}.docx")


@declares(APPLY, MANAGE)
def application_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    application = _application(request, uid)
    return _download(documents.application_pdf(application), PDF_CONTENT_TYPE, f"application-{application.uid}.pdf")


def _letters(rnd: AppointmentRound) -> list[Letter]:
    return list(rnd.letters.select_related("application__teacher", "school_class", "round__school").order_by("number"))


@action_required(MANAGE)
def letters_docx(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = _round(request, uid)
    return _download(documents.letters_docx(_letters(rnd)), DOCX, f"letters-{rnd.uid}.docx")


@action_required(MANAGE)
def letters_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    rnd = _round(request, uid)
    return _download(documents.letters_pdf(_letters(rnd)), PDF_CONTENT_TYPE, f"letters-{rnd.uid}.pdf")


def _letter(request: HttpRequest, uid: str) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("application__teacher", "school_class", "round__school"), uid=uid
    )
    if not guards.can_read_application(letter.application, request.user):
        raise Http404
    return letter


@declares(APPLY, MANAGE)
def letter_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    letter = _letter(request, uid)
    return _download(documents.letters_pdf([letter]), PDF_CONTENT_TYPE, f"letter-{letter.number}.pdf")


@require_POST
@action_required(APPLY)
def letter_accept(request: HttpRequest, uid: str) -> HttpResponse:
    letter = _letter(request, uid)
    try:
        require(request.user, APPLY, letter.round)
        acceptance.letter_accept(actor=request.user, letter=letter)
        if letter.round.term_from > timezone.localdate():
            messages.success(
                request,
                _("You accepted the appointment; your service is recorded and you head the class from %(date)s.")
                % {"date": letter.round.term_from.isoformat()},
            )
        else:
            messages.success(
                request, _("You accepted the appointment; your head-teacher service for the term is recorded.")
            )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("corps-appointment-application", uid=letter.application.uid)
