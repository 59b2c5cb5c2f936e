"""Forum pages (signed in, site layout): the boards of one's region, a board's topics, a topic with its
replies, and the moderators' reports queue. Another region's board, topic or post answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required
from hts.core.pagination import paginate
from hts.portal.forum import guards, selectors, services
from hts.portal.forum.forms import BoardForm, ModeratorForm, PostForm, ReasonForm, TopicForm

POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 20


def _errors(form: PostForm | TopicForm | ReasonForm | BoardForm, error: ValidationError | PermissionDenied) -> None:
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


@action_required("forum.take_part")
def board_list(request: HttpRequest) -> HttpResponse:
    places = guards.forum_places(request.user)
    return render(
        request,
        "portal/forum/boards.html",
        {
            "boards": selectors.boards_for(request.user),
            "may_open": bool(places.everywhere or places.moderated_subtrees),
            "moderates": bool(places.everywhere or places.moderated_subtrees or places.named_boards),
        },
    )


@action_required("forum.moderate")
def board_new(request: HttpRequest) -> HttpResponse:
    form = BoardForm(request.POST or None, regions=selectors.moderated_regions(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                board = services.board_create(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                _errors(form, error)
            else:
                messages.success(request, _("The board is open."))
                return redirect("portal-forum-board", uid=board.uid)
    return render(request, "portal/forum/board_form.html", {"form": form}, status=status)


@action_required("forum.take_part")
def board_detail(request: HttpRequest, uid: str) -> HttpResponse:
    board = selectors.board_get_or_404(request.user, uid)
    page = paginate(request, selectors.topics_of(request.user, board), TOPICS_PER_PAGE)
    return render(
        request,
        "portal/forum/board.html",
        {
            "board": board,
            "page": page,
            "moderates": guards.can_moderate(board, request.user)[0],
            "may_name": guards.can_name_moderator(board, request.user)[0],
        },
    )


@action_required("forum.take_part")
def moderators(request: HttpRequest, uid: str) -> HttpResponse:
    board = selectors.board_get_or_404(request.user, uid)
    ok, reason = guards.can_name_moderator(board, request.user)
    if not ok:
        raise PermissionDenied(reason)
    form = ModeratorForm(request.POST or None, board=board)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.moderator_name(actor=request.user, board=board, user=form.cleaned_data["username"])
            messages.success(request, _("The moderator is named."))
            return redirect("portal-forum-moderators", uid=board.uid)
    named = board.moderators.select_related("user").order_by("created_at")
    return render(
        request, "portal/forum/moderators.html", {"board": board, "form": form, "named": named}, status=status
    )


@action_required("forum.take_part")
def topic_new(request: HttpRequest, uid: str) -> HttpResponse:
    board = selectors.board_get_or_404(request.user, uid)
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                topic = services.topic_start(
                    actor=request.user, board=board, title=form.cleaned_data["title"], text=form.cleaned_data["body"]
                )
            except (ValidationError, PermissionDenied) as error:
                _errors(form, error)
            else:
                return redirect("portal-forum-topic", uid=topic.uid)
    return render(request, "portal/forum/topic_form.html", {"board": board, "form": form}, status=status)


@action_required("forum.take_part")
def topic_detail(request: HttpRequest, uid: str) -> HttpResponse:
    topic = selectors.topic_get_or_404(request.user, uid)
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                post = services.reply_add(actor=request.user, topic=topic, text=form.cleaned_data["body"])
            except (ValidationError, PermissionDenied) as error:
                _errors(form, error)
            else:
                return redirect(f"{request.path}?page=last#post-{post.uid}")
    paginator = Paginator(selectors.posts_of(topic), POSTS_PER_PAGE)
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    may_reply, why_not = guards.can_reply(topic, request.user)
    return render(
        request,
        "portal/forum/topic.html",
        {
            "topic": topic,
            "board": topic.board,
            "page": page,
            "form": form,
            "may_reply": may_reply,
            "why_not": why_not,
            "moderates": guards.can_moderate(topic.board, request.user)[0],
        },
        status=status,
    )


@require_POST
@action_required("forum.take_part")
def topic_pin(request: HttpRequest, uid: str) -> HttpResponse:
    topic = selectors.topic_get_or_404(request.user, uid)
    services.topic_pin(actor=request.user, topic=topic, pinned=request.POST.get("pinned") == "1")
    return redirect("portal-forum-topic", uid=topic.uid)


@require_POST
@action_required("forum.take_part")
def topic_close(request: HttpRequest, uid: str) -> HttpResponse:
    topic = selectors.topic_get_or_404(request.user, uid)
    services.topic_close(actor=request.user, topic=topic, closed=request.POST.get("closed") == "1")
    return redirect("portal-forum-topic", uid=topic.uid)


def _reason_page(request: HttpRequest, uid: str, *, hide: bool) -> HttpResponse:
    post = selectors.post_get_or_404(request.user, uid)
    guard = guards.can_hide if hide else guards.can_report
    ok, reason = guard(post, request.user)
    if not ok and request.method == "GET":
        raise PermissionDenied(reason)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if hide:
                    services.post_hide(actor=request.user, post=post, reason=form.cleaned_data["reason"])
                    messages.success(request, _("The post is hidden."))
                else:
                    services.post_report(actor=request.user, post=post, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Thank you: the moderators will look at the post."))
            except (ValidationError, PermissionDenied) as error:
                _errors(form, error)
            else:
                return redirect("portal-forum-topic", uid=post.topic.uid)
    return render(request, "portal/forum/reason_form.html", {"post": post, "form": form, "hide": hide}, status=status)


@action_required("forum.take_part")
def post_hide(request: HttpRequest, uid: str) -> HttpResponse:
    return _reason_page(request, uid, hide=True)


@action_required("forum.take_part")
def post_report(request: HttpRequest, uid: str) -> HttpResponse:
    return _reason_page(request, uid, hide=False)


@action_required("forum.take_part")
def reports(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.open_reports_for(request.user))
    return render(request, "portal/forum/reports.html", {"page": page})


@require_POST
@action_required("forum.take_part")
def report_dismiss(request: HttpRequest, uid: str) -> HttpResponse:
    report = selectors.report_get_or_404(request.user, uid)
    services.report_dismiss(actor=request.user, report=report)
    messages.success(request, _("The report is dismissed; the post stays."))
    return redirect("portal-forum-reports")
