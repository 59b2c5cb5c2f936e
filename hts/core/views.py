from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hts.accounts.models import RoleAssignment
from hts.org.selectors import home_figures, teacher_detail
from hts.studios.selectors import my_studios


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 with the database reachable, 503 without."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any database failure means "not healthy"
        database = "error"
    status = "ok" if database == "ok" else "error"
    return JsonResponse(
        {"status": status, "database": database, "vendor": connection.vendor}, status=200 if status == "ok" else 503
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": home_figures(request.user),
        "assignments": RoleAssignment.objects.active().filter(user=request.user).select_related("region", "school"),
    }
    teacher = request.user.teacher  # type: ignore[union-attr]
    if teacher is not None:
        context["me"] = teacher_detail(request.user, teacher.uid)
        context["my_studios"] = my_studios(teacher)
    return render(request, "core/home.html", context)
