"""The signed-in side of the studio websites: offering one's work, the host's queue and publish step,
return and withdrawal, the host's news and site settings, a member's public profile."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hts.accounts.access import can, declares, require
from hts.activities.models import Activity
from hts.archives.models import ArchiveItem
from hts.classwork.models import Pupil
from hts.core.decorators import signed_in
from hts.core.forms import submit
from hts.portal.exposure.api import MaskedText, faces_in, team_school_ids, text_for_public
from hts.portal.models import Publication
from hts.portal.sites import guards, selectors, services
from hts.portal.sites.forms import LinksForm, NewsForm, ProfileForm, ReturnForm, SiteForm, WithdrawForm, class_choices
from hts.research.models import Achievement
from hts.studios.models import Studio


def _refusal(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, str(error) or _("You do not have permission to do this."))


# --- a member: offer, follow, withdraw --------------------------------------------------------------------


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    """What I may offer to my studios' websites, and what I offered with its state."""
    studios = selectors.my_studios(request.user)
    offer = []
    for studio in studios:
        open_, reason = guards.studio_open(studio)
        offer.append(
            {
                "studio": studio,
                "open": open_,
                "reason": reason,
                **(selectors.my_offerables(request.user, studio) if open_ and request.user.teacher_id else {}),
            }
        )
    return render(
        request,
        "portal/sites/mine.html",
        {"offer": offer, "publications": selectors.my_publications(request.user)},
    )


@signed_in
@require_POST
def offer(request: HttpRequest, studio_uid: Any, kind: str, uid: Any) -> HttpResponse:
    studio = get_object_or_404(Studio, uid=studio_uid)
    try:
        if kind == "item":
            item = get_object_or_404(ArchiveItem, uid=uid, owner_teacher_id=request.user.teacher_id or -1)
            services.offer_archive_item(actor=request.user, item=item, studio=studio)
        elif kind == "activity":
            activity = get_object_or_404(Activity, uid=uid, studio=studio)
            services.offer_activity(actor=request.user, activity=activity)
        elif kind == "achievement":
            achievement = get_object_or_404(Achievement, uid=uid, owner_id=request.user.teacher_id or -1)
            services.offer_achievement(actor=request.user, achievement=achievement, studio=studio)
        else:
            raise Http404
    except (PermissionDenied, ValidationError) as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Offered: the studio's host checks it before it is published."))
    return redirect("portal-sites-mine")


@declares("portal.withdraw")
def withdraw(request: HttpRequest, uid: Any) -> HttpResponse:
    """A confirmation page, then the withdrawal (the author, the host or the bureau)."""
    publication = selectors.publication_for_staff(request.user, uid)
    ok, reason = guards.can_withdraw(request.user, publication)
    if not ok:
        raise PermissionDenied(reason)
    form = WithdrawForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.publication_withdraw(actor=request.user, publication=publication, reason=data["reason"]),
    )
    if done is not None:
        messages.success(request, _("Withdrawn: it is no longer on the website."))
        if can(request.user, "portal.withdraw", publication):
            return redirect("portal-sites-queue", uid=publication.studio.uid)
        return redirect("portal-sites-mine")
    # Back where the person came from: the host and the bureau to the studio's queue, the author to their list.
    back_url = (
        reverse("portal-sites-queue", kwargs={"uid": publication.studio.uid})
        if can(request.user, "portal.withdraw", publication)
        else reverse("portal-sites-mine")
    )
    return render(
        request, "portal/sites/withdraw.html", {"publication": publication, "form": form, "back_url": back_url}
    )


# --- the host: queue, publish step, return, news, settings ----------------------------------------------


@declares("portal.withdraw")
def queue(request: HttpRequest, uid: Any) -> HttpResponse:
    studio = selectors.queue_studio(request.user, uid)
    site = services.site_ensure(studio)
    rows = list(selectors.studio_publications(request.user, studio))
    open_, reason = guards.studio_open(studio)
    return render(
        request,
        "portal/sites/queue.html",
        {
            "studio": studio,
            "site": site,
            "offered": [p for p in rows if p.status == Publication.Status.OFFERED],
            "others": [p for p in rows if p.status != Publication.Status.OFFERED],
            "moderate": can(request.user, "portal.moderate", studio) and open_,
            "closed_reason": "" if open_ else reason,
            "links_form": LinksForm(),
        },
    )


def _named_pupils(request: HttpRequest, key: str, school_ids: set[int]) -> list[Pupil]:
    """The pupils the host ticked as appearing in a photo: only of the team's schools' class lists."""
    uids = [u for u in request.POST.getlist(f"pupil-{key}") if _is_uuid(u)]
    if not uids:
        return []
    rows = Pupil.objects.filter(uid__in=uids, school_class__school_id__in=school_ids, anonymised_on__isnull=True)
    return list(rows.order_by("school_class_id", "name", "id"))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _pupil_options(choices: list[services.PhotoChoice], school_ids: set[int]) -> dict[str, list[Pupil]]:
    """For each photo, the pupils the host may tick: the chosen class's list and those already ticked."""
    class_ids = {c.school_class_id for c in choices if c.school_class_id}
    listed: dict[int, list[Pupil]] = {}
    rows = Pupil.objects.filter(
        school_class_id__in=class_ids, school_class__school_id__in=school_ids, anonymised_on__isnull=True
    )
    for pupil in rows.order_by("name", "id"):
        listed.setdefault(pupil.school_class_id, []).append(pupil)
    options = {}
    for choice in choices:
        own = listed.get(choice.school_class_id or 0, [])
        options[choice.candidate.key] = [p for p in choice.pupils if p not in own] + own
    return options


def _choices_from_post(
    request: HttpRequest, candidates: list[services.PhotoCandidate], school_ids: set[int]
) -> list[services.PhotoChoice]:
    choices = []
    for c in candidates:
        class_id = request.POST.get(f"class-{c.key}") or ""
        choices.append(
            services.PhotoChoice(
                candidate=c,
                include=request.POST.get(f"include-{c.key}") == "on",
                shows_pupils=request.POST.get(f"pupils-{c.key}") == "on",
                school_class_id=int(class_id) if class_id.isdigit() else None,
                blur=request.POST.get(f"blur-{c.key}") == "on",
                caption=request.POST.get(f"caption-{c.key}", "")[:200],
                pupils=_named_pupils(request, c.key, school_ids),
            )
        )
    return choices


def _choices_by_default(candidates: list[services.PhotoCandidate]) -> list[services.PhotoChoice]:
    """Each photo included, "pupils appear" ticked when OpenCV finds a face in it."""
    return [services.PhotoChoice(candidate=c, shows_pupils=faces_in(c.data()) > 0) for c in candidates]


@declares("portal.moderate")
def publish(request: HttpRequest, uid: Any) -> HttpResponse:
    """The publish step: what the public will see (names masked, each photo's decision), then publish."""
    publication = selectors.publication_for_staff(request.user, uid)
    ok, reason = guards.can_moderate(request.user, publication)
    if not ok:
        raise PermissionDenied(reason)
    candidates = services.photo_candidates(publication)
    school_ids = team_school_ids(publication.studio)
    links = LinksForm(request.POST or None)
    if request.method == "POST":
        choices = _choices_from_post(request, candidates, school_ids)
        if "publish" in request.POST and links.is_valid():
            try:
                _pub, refused = services.publication_publish(
                    actor=request.user,
                    publication=publication,
                    choices=choices,
                    wechat_url=links.cleaned_data["wechat_url"],
                    weibo_url=links.cleaned_data["weibo_url"],
                )
            except (PermissionDenied, ValidationError) as error:
                _refusal(request, error)
            else:
                messages.success(request, _("Published on the studio's website."))
                for outcome in refused:
                    messages.warning(
                        request,
                        _("Left out “%(name)s”: %(reason)s")
                        % {"name": outcome.choice.candidate.name, "reason": outcome.reason},
                    )
                return redirect("portal-sites-queue", uid=publication.studio.uid)
    else:
        choices = _choices_by_default(candidates)
    outcomes = {o.choice.candidate.key: o for o in services.photo_outcomes(publication, choices)}
    on = services.source_date(publication)
    masked = text_for_public(services.source_text(publication), studio=publication.studio, on=on)
    title = text_for_public(publication.title, studio=publication.studio, on=on)
    options = _pupil_options(choices, school_ids)
    classes = class_choices(school_ids)
    return render(
        request,
        "portal/sites/publish.html",
        {
            "publication": publication,
            "studio": publication.studio,
            "preview_title": title.html,
            "preview": masked.html,
            "masked_names": sorted(set(masked.names) | set(title.names)),
            # What was masked and why (a class list, a detected name, a mobile number), title first.
            "masked": MaskedText(
                masked.html,
                title.names + masked.names,
                title.found + [f for f in masked.found if f.name not in title.names],
                title.shown + [f for f in masked.shown if f not in title.shown],
            ),
            "photos": [
                (choice, outcomes.get(choice.candidate.key), options[choice.candidate.key]) for choice in choices
            ],
            "classes": classes,
            # The hint to choose a class and tick its pupils only promises pupils some class has.
            "classes_listed": any(listed for _value, _label, listed in classes),
            "links": links,
            "return_form": ReturnForm(),
        },
    )


@declares("portal.moderate")
def photo_preview(request: HttpRequest, uid: Any, key: str) -> HttpResponse:
    """A candidate photo for the host's publish step (never public: the source's own file)."""
    from hts.core.files import serve_stored

    publication = selectors.publication_for_staff(request.user, uid)
    if not guards.can_moderate(request.user, publication)[0]:
        raise Http404
    for candidate in services.photo_candidates(publication):
        if candidate.key == key:
            return serve_stored(candidate.record)
    raise Http404


@declares("portal.moderate")
@require_POST
def return_(request: HttpRequest, uid: Any) -> HttpResponse:
    publication = selectors.publication_for_staff(request.user, uid)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what to change: the note goes to the author."))
        return redirect("portal-sites-publish", uid=publication.uid)
    try:
        services.publication_return(actor=request.user, publication=publication, note=form.cleaned_data["note"])
    except (PermissionDenied, ValidationError) as error:
        _refusal(request, error)
        return redirect("portal-sites-publish", uid=publication.uid)
    messages.success(request, _("Returned to the author with your note."))
    return redirect("portal-sites-queue", uid=publication.studio.uid)


@declares("portal.moderate")
@require_POST
def links(request: HttpRequest, uid: Any) -> HttpResponse:
    publication = selectors.publication_for_staff(request.user, uid)
    form = LinksForm(request.POST)
    if form.is_valid():
        try:
            services.publication_links(actor=request.user, publication=publication, **form.cleaned_data)
            messages.success(request, _("The links are recorded."))
        except PermissionDenied as error:
            _refusal(request, error)
    else:
        messages.error(request, _("Give full addresses starting with https://."))
    return redirect("portal-sites-queue", uid=publication.studio.uid)


@declares("portal.moderate")
def news(request: HttpRequest, uid: Any) -> HttpResponse:
    studio = selectors.queue_studio(request.user, uid)
    # The bureau sees the queue (to withdraw) but writes no news: no form it could only be refused on.
    require(request.user, "portal.moderate", studio)
    form = NewsForm(request.POST or None, request.FILES or None)
    created = submit(
        request,
        form,
        lambda data: services.news_write(
            actor=request.user,
            studio=studio,
            title=data["title"],
            body=data["body"],
            photos=request.FILES.getlist("photos"),
        ),
    )
    if created is not None:
        return redirect("portal-sites-publish", uid=created.uid)
    return render(
        request, "portal/sites/news.html", {"studio": studio, "form": form}, status=400 if form.errors else 200
    )


@declares("portal.moderate")
@require_POST
def compilation(request: HttpRequest, uid: Any) -> HttpResponse:
    studio = selectors.queue_studio(request.user, uid)
    try:
        created = services.compilation_offer(actor=request.user, studio=studio)
    except (PermissionDenied, ValidationError) as error:
        _refusal(request, error)
        return redirect("portal-sites-queue", uid=studio.uid)
    return redirect("portal-sites-publish", uid=created.uid)


@declares("portal.moderate")
def settings_(request: HttpRequest, uid: Any) -> HttpResponse:
    studio = selectors.queue_studio(request.user, uid)
    site = services.site_ensure(studio)
    if site is None:
        raise Http404
    form = SiteForm(request.POST or None, instance=site)
    done = submit(
        request,
        form,
        lambda data: services.site_update(actor=request.user, site=site, slug=data["slug"], intro=data["intro"]),
    )
    if done is not None:
        messages.success(request, _("The website's settings are saved."))
        return redirect("portal-sites-queue", uid=studio.uid)
    return render(request, "portal/sites/settings.html", {"studio": studio, "site": site, "form": form})


# --- a member's public page -------------------------------------------------------------------------------


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    teacher = getattr(request.user, "teacher", None)
    if teacher is None:
        raise Http404
    record = selectors.own_profile(teacher)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=record)
    done = submit(
        request,
        form,
        lambda data: services.profile_update(
            actor=request.user,
            profile=data["profile"],
            email=data["email"],
            show_email=data["show_email"],
            photo=data.get("photo"),
        ),
    )
    if done is not None:
        messages.success(request, _("Your public page is saved."))
        return redirect("portal-sites-profile")
    return render(
        request,
        "portal/sites/profile.html",
        {"form": form, "teacher": teacher, "record": record},
        status=400 if form.errors else 200,
    )
