"""A school's trainee and assistant posts (001 二 4): the office records them and ends them; each
row shows the teacher's trainee months so far, against the policy's number."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import action_required, get_scoped_or_404, principal
from hts.core.forms import submit
from hts.core.pagination import paginate
from hts.corps.selectors import policy_for
from hts.corps.trainee import selectors, services
from hts.corps.trainee.forms import EndForm, PostForm
from hts.corps.trainee.models import TraineePost
from hts.org.models import School

MANAGE = services.MANAGE


@action_required(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    school = principal(request).scoped(MANAGE, School.objects.all()).order_by("name").first()
    if school is None:
        raise Http404
    return redirect("corps-trainee-school", school_uid=school.uid)


@action_required(MANAGE)
def school_posts(request: HttpRequest, school_uid: str) -> HttpResponse:
    school = get_scoped_or_404(request.user, MANAGE, School.objects.select_related("region"), uid=school_uid)
    form = PostForm(
        request.POST or None, classes=selectors.school_classes(school), teachers=selectors.school_teachers(school)
    )
    saved = submit(
        request,
        form,
        lambda d: services.post_add(
            actor=request.user,
            school_class=d["school_class"],
            teacher=d["teacher"],
            kind=d["kind"],
            started_on=d["started_on"],
            ended_on=d["ended_on"],
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("%(name)s's post on %(class)s is recorded.") % {"name": saved.teacher.name, "class": saved.school_class},
        )
        return redirect("corps-trainee-school", school_uid=school.uid)
    page = paginate(request, selectors.posts_of_school(school))
    months = selectors.months_by_teacher(post.teacher_id for post in page)
    for post in page:
        post.teacher_months = months.get(post.teacher_id, 0)  # type: ignore[attr-defined]
    policy = policy_for(school.region)
    return render(
        request,
        "corps/trainee/school.html",
        {
            "school": school,
            "form": form,
            "page": page,
            "need_months": policy.trainee_months if policy is not None else None,
            "end_form": EndForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@action_required(MANAGE)
def post_end(request: HttpRequest, uid: str) -> HttpResponse:
    post = get_scoped_or_404(request.user, MANAGE, TraineePost.objects.select_related("school_class__school"), uid=uid)
    form = EndForm(request.POST)
    if submit(request, form, lambda d: services.post_end(actor=request.user, post=post, ended_on=d["ended_on"])):
        messages.success(request, _("The post has ended."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("corps-trainee-school", school_uid=post.school_class.school.uid)
