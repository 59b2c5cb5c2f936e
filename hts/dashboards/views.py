from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hts.accounts.models import RoleAssignment
from hts.core.decorators import signed_in
from hts.core.todos import todos_for
from hts.dashboards.selectors import home_figures
from hts.org.selectors import teacher_detail
from hts.studios.selectors import my_studios


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": home_figures(request.user),
        "assignments": RoleAssignment.objects.active().filter(user=request.user).select_related("region", "school"),
        # What waits for this person to act on, from every app that registered its to-dos.
        "todos": todos_for(request.user),
    }
    teacher = request.user.teacher  # type: ignore[union-attr]
    if teacher is not None:
        context["me"] = teacher_detail(request.user, teacher.uid)
        context["my_studios"] = my_studios(teacher)
    return render(request, "dashboards/home.html", context)
