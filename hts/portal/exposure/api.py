"""What may reach a public page, decided in one place (issue 16 point 8). The publish step of every
public part calls these before anything is copied to a publication:

* ``text_for_public(html, studio=…, on=…)``: the text with pupils' names masked (张*明). The names come from
  the class lists of the schools the studio's team works in (pupils not yet anonymised), and from
  jieba's name tagging for names no class list holds (``names.detected_names``), except the names of
  the studio's own teachers, which are public. Each masked name says why (``MaskedName.source``), for
  the preview (``portal/exposure/masked_names.html``). With ``on`` (the publish step), a pupil whose
  guardian consented to "photos and names" (their own consent, or the class's for that semester) keeps
  the name, listed with why; every other pupil's name is masked.
* ``photo_decision(…)``: whether a photo may be shown. A photo in which pupils appear needs a guardian
  consent that covers them on the photo's date (per pupil, or the class for that semester), or its
  faces blurred; otherwise it is refused with the reason.
* ``public_jpeg(data, blur=…)``: the photo as the public gets it, always re-encoded (so no EXIF, GPS
  included, survives), no larger than ``PUBLIC_PHOTO_EDGE`` pixels on its long side, and with every
  face found blurred when asked (OpenCV's own Haar cascade, shipped in the wheel; nothing is fetched at
  run time). ``blurred_jpeg(data)`` is the blurred one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hts.classwork.models import Pupil
from hts.portal.exposure.names import detected_names
from hts.portal.models import GuardianConsent
from hts.studios.models import Membership, Studio


def mask_name(name: str) -> str:
    """张晓明 → 张*明, 李明 → 李*, 欧阳小明 → 欧**明: the family name stays, the given name goes."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


CLASS_LIST = "class_list"
DETECTED = "detected"
MOBILE = "mobile"
UNCONSENTED = "unconsented"
CONSENTED = "consented"
SOURCES = {
    CLASS_LIST: gettext_lazy("on a class list of the team's schools"),
    UNCONSENTED: gettext_lazy("on a class list of the team's schools, and no guardian consent covers the name"),
    CONSENTED: gettext_lazy("shown: a guardian consent (photos and names) covers this pupil's name"),
    DETECTED: gettext_lazy("read as a person's name in the text (not one of the studio's teachers)"),
    MOBILE: gettext_lazy("a mobile number: no one's number reaches a public page"),
}
# A mainland mobile number standing alone (not inside a longer run of digits: an ID or account number).
MOBILE_NUMBER = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


@dataclass(frozen=True)
class MaskedName:
    name: str
    masked: str
    source: str  # CLASS_LIST, DETECTED or MOBILE

    @property
    def why(self) -> str:
        return str(SOURCES[self.source])


@dataclass(frozen=True)
class MaskedText:
    html: str
    names: list[str] = field(default_factory=list)  # the names found and masked (for the preview only)
    found: list[MaskedName] = field(default_factory=list)  # the same, each with why it was masked
    # Pupils' names left unmasked because a consent covering names covers them, and those consents.
    shown: list[MaskedName] = field(default_factory=list)
    consents: list[GuardianConsent] = field(default_factory=list)


def team_school_ids(studio: Studio) -> set[int]:
    """The schools of the studio's host and active team: their class lists are the names to mask."""
    ids = set(
        Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE, teacher__isnull=False).values_list(
            "teacher__school_id", flat=True
        )
    )
    ids.add(studio.host_school_id)
    return ids


def pupil_names(school_ids: Iterable[int]) -> set[str]:
    """Every name on the class lists of these schools, pupils who left included until anonymised."""
    return set(
        Pupil.objects.filter(school_class__school_id__in=list(school_ids), anonymised_on__isnull=True).values_list(
            "name", flat=True
        )
    )


def mask_names_in(html: str, names: Iterable[str]) -> MaskedText:
    """Masks each of `names` that occurs in `html`, longest first (张晓明 before 张晓)."""
    # Longest first, then in the order they appear: the same text always lists the same way.
    found = sorted({n for n in names if len(n) >= 2 and n in html}, key=lambda n: (-len(n), html.index(n)))
    if not found:
        return MaskedText(html, [])
    pattern = re.compile("|".join(re.escape(n) for n in found))
    return MaskedText(
        pattern.sub(lambda m: mask_name(m.group(0)), html),
        found,
        [MaskedName(n, mask_name(n), CLASS_LIST) for n in found],
    )


def public_names(studio: Studio) -> set[str]:
    """What the public may read by name: the studio's own name and its teachers' (host, active team,
    mentors from outside the schools)."""
    names = {studio.name, studio.host.name if studio.host_id else ""}
    for teacher_name, external in Membership.objects.filter(studio=studio, status=Membership.Status.ACTIVE).values_list(
        "teacher__name", "external_name"
    ):
        names.update((teacher_name or "", external or ""))
    return {name for name in names if name}


def mask_mobiles(html: str) -> tuple[str, list[MaskedName]]:
    """Every mobile number in `html` as 139****5678 (a teacher's or a parent's: none is public)."""
    found: list[MaskedName] = []

    def masked(match: re.Match[str]) -> str:
        shown = f"{match.group(1)}****{match.group(3)}"
        found.append(MaskedName(match.group(0), shown, MOBILE))
        return shown

    return MOBILE_NUMBER.sub(masked, html), found


def names_consented(school_ids: Iterable[int], names: set[str], *, on: dt.date) -> dict[str, GuardianConsent]:
    """Of `names`, those a consent covering names covers on `on` (name → consent): every pupil of these
    schools bearing the name must be covered, or the name stays masked (it may be the other pupil)."""
    if not names:
        return {}
    pupils = list(
        Pupil.objects.filter(
            school_class__school_id__in=list(school_ids), anonymised_on__isnull=True, name__in=names
        ).only("pk", "name", "school_class_id")
    )
    covered = consents_of_pupils(pupils, on=on, scopes=NAMES_COVERED)
    blocked = {pupil.name for pupil in pupils if pupil.pk not in covered}
    shown: dict[str, GuardianConsent] = {}
    for pupil in pupils:
        if pupil.name not in blocked:
            shown.setdefault(pupil.name, covered[pupil.pk])
    return shown


def text_for_public(html: str, *, studio: Studio, on: dt.date | None = None) -> MaskedText:
    """`html` with the class lists' names and the detected names masked, longest first, and every
    mobile number masked. With `on` (the publish step: the source's date), a pupil's name that a consent
    covering names covers on that day stays as it is (``MaskedText.shown``, ``.consents``)."""
    public = public_names(studio)
    school_ids = team_school_ids(studio)
    listed_names = pupil_names(school_ids) - public
    consented = names_consented(school_ids, {n for n in listed_names if n in html}, on=on) if on else {}
    listed = mask_names_in(html, listed_names - set(consented))
    detected = detected_names(strip_tags(html), public=public | set(listed.names) | set(consented))
    source = UNCONSENTED if on else CLASS_LIST
    found = [MaskedName(item.name, item.masked, source) for item in listed.found]
    text = listed.html
    if detected:
        masked = mask_names_in(text, detected)
        text = masked.html
        found += [MaskedName(n, mask_name(n), DETECTED) for n in masked.names]
    text, mobiles = mask_mobiles(text)
    found += mobiles
    shown_names = [n for n in consented if n in text]
    return MaskedText(
        text,
        [item.name for item in found],
        found,
        [MaskedName(n, n, CONSENTED) for n in shown_names],
        list(dict.fromkeys(consented[n] for n in shown_names)),
    )


@dataclass(frozen=True)
class PhotoDecision:
    allowed: bool
    reason: str = ""
    consent: GuardianConsent | None = None
    blur: bool = False
    consents: tuple[GuardianConsent, ...] = ()  # every consent relied on (one per pupil, or the class's)
    uncovered: tuple[str, ...] = ()  # the pupils named whom no consent covers


# What each scope allows: every scope covers photos; only "photos and names" lets a name stay unmasked.
PHOTOS_COVERED = (GuardianConsent.Scope.PHOTOS, GuardianConsent.Scope.PHOTOS_AND_NAMES)
NAMES_COVERED = (GuardianConsent.Scope.PHOTOS_AND_NAMES,)


def _in_force(on: dt.date, scopes: Iterable[str]) -> Any:
    return GuardianConsent.objects.filter(withdrawn_on__isnull=True, given_on__lte=on, scope__in=list(scopes))


def consents_of_pupils(pupils: Iterable[Pupil], *, on: dt.date, scopes: Iterable[str]) -> dict[int, GuardianConsent]:
    """The consent covering each pupil on `on` for `scopes` (pupil id → consent; the uncovered are absent):
    the pupil's own, or else their class's for the semester `on` falls in. A pupil whose guardian withdrew
    their own consent and gave none since is not covered by the class's form: the guardian said no."""
    pupils = list(pupils)
    if not pupils:
        return {}
    scopes = list(scopes)
    own = {c.pupil_id: c for c in _in_force(on, scopes).filter(pupil__in=pupils).order_by("given_on", "id")}
    refused = set(
        GuardianConsent.objects.filter(pupil__in=pupils, withdrawn_on__isnull=False).values_list("pupil_id", flat=True)
    ) - set(own)
    by_class = {
        c.school_class_id: c
        for c in _in_force(on, scopes).filter(
            school_class_id__in={p.school_class_id for p in pupils},
            semester__starts_on__lte=on,
            semester__ends_on__gte=on,
        )
    }
    covered: dict[int, GuardianConsent] = {}
    for pupil in pupils:
        consent = own.get(pupil.pk) or (None if pupil.pk in refused else by_class.get(pupil.school_class_id))
        if consent is not None:
            covered[pupil.pk] = consent
    return covered


def consent_covering(
    *, pupils: Iterable[Pupil] = (), school_class_id: int | None = None, on: dt.date
) -> GuardianConsent | None:
    """An active consent that covers the photo's pupils on `on`: with named pupils, each must be covered
    (the first consent is returned); with a class alone, the class's for the semester `on` falls in."""
    pupils = list(pupils)
    if pupils:
        covered = consents_of_pupils(pupils, on=on, scopes=PHOTOS_COVERED)
        return covered[pupils[0].pk] if len(covered) == len(pupils) else None
    if school_class_id is None:
        return None
    return (
        _in_force(on, PHOTOS_COVERED)
        .filter(school_class_id=school_class_id, semester__starts_on__lte=on, semester__ends_on__gte=on)
        .first()
    )


def photo_decision(
    *,
    shows_pupils: bool,
    on: dt.date,
    school_class_id: int | None = None,
    pupils: Iterable[Pupil] = (),
    blur: bool = False,
) -> PhotoDecision:
    """Whether a photo may be published. Named pupils are each checked (their own consent or their
    class's for the semester, of a scope covering photos), and a refusal names those without one; a
    class alone needs the class's consent for the semester."""
    if not shows_pupils:
        return PhotoDecision(True)
    if blur:
        return PhotoDecision(True, blur=True)
    pupils = list(pupils)
    if pupils:
        covered = consents_of_pupils(pupils, on=on, scopes=PHOTOS_COVERED)
        missing = tuple(p.name for p in pupils if p.pk not in covered)
        if missing:
            return PhotoDecision(
                False,
                _(
                    "No guardian consent covers %(names)s on %(date)s: record their consents (or the class's for the "
                    "semester), blur the faces, or leave the photo out."
                )
                % {"names": "、".join(missing), "date": on.isoformat()},
                uncovered=missing,
            )
        relied = tuple(dict.fromkeys(covered[p.pk] for p in pupils))
        return PhotoDecision(True, consent=relied[0], consents=relied)
    consent = consent_covering(school_class_id=school_class_id, on=on)
    if consent is None:
        return PhotoDecision(
            False,
            _(
                "Pupils appear in this photo and no guardian consent covers them on %(date)s: record the consent "
                "(for each pupil, or the class for the semester), blur the faces, or leave the photo out."
            )
            % {"date": on.isoformat()},
        )
    return PhotoDecision(True, consent=consent, consents=(consent,))


# The long side of a public photo: sharp on a phone and a desktop page, small enough to serve fast, and
# no longer the full-resolution original (which shows more than the page needs).
PUBLIC_PHOTO_EDGE = 1600


# A phone's photo is 12 to 50 megapixels; a small file that claims far more is a decompression bomb.
MAX_PIXELS = 80_000_000


def _check_pixels(data: bytes) -> None:
    """Refuses, from the header alone, an image whose decoded size would exhaust memory."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError("not an image") from error
    if width * height > MAX_PIXELS:
        raise ValueError("image too large")


@dataclass(frozen=True)
class PublicPhoto:
    data: bytes  # JPEG, no metadata
    faces: int  # faces found (and blurred, when asked)
    width: int
    height: int


def public_jpeg(data: bytes, *, blur: bool = False) -> PublicPhoto:
    """`data` (JPEG or PNG) re-encoded as a JPEG for the public: decoding and encoding again drops every
    EXIF field (the camera's GPS position too; the orientation is applied first), the long side is cut
    to PUBLIC_PHOTO_EDGE, and with `blur` each detected face is blurred beyond recognition."""
    import cv2
    import numpy as np

    _check_pixels(data)
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    height, width = image.shape[:2]
    if max(height, width) > PUBLIC_PHOTO_EDGE:
        ratio = PUBLIC_PHOTO_EDGE / max(height, width)
        size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        height, width = image.shape[:2]
    faces = _faces(image) if blur else []
    for box in faces:
        _blur_face(image, box)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise ValueError("could not encode")
    return PublicPhoto(encoded.tobytes(), len(faces), width, height)


# A blurred face keeps this many blocks across: too few for the eyes, nose and mouth to survive (the
# cascade itself, which works from 24 pixels, no longer finds a face there), enough to read as a face.
BLUR_BLOCKS = 6


def _blur_face(image: Any, box: tuple[int, int, int, int]) -> None:
    """Pixelates, then blurs, the face's box grown by a tenth each side (the cascade's box is tight)."""
    import cv2

    x, y, w, h = box
    pad_x, pad_y = w // 10, h // 10
    top, bottom = max(0, y - pad_y), min(image.shape[0], y + h + pad_y)
    left, right = max(0, x - pad_x), min(image.shape[1], x + w + pad_x)
    face = image[top:bottom, left:right]
    height, width = face.shape[:2]
    small = cv2.resize(face, (BLUR_BLOCKS, max(1, BLUR_BLOCKS * height // max(1, width))), interpolation=cv2.INTER_AREA)
    blocks = cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)
    image[top:bottom, left:right] = cv2.GaussianBlur(blocks, (0, 0), sigmaX=max(3, width // 8))


def public_photo_upload(data: bytes, *, name: str, blur: bool = False) -> tuple[SimpleUploadedFile, PublicPhoto]:
    """The public copy of an uploaded photo as an upload to hand to ``stored_file_accept(PublicationPhoto,
    …)``: never store the original itself on a publication (it keeps its EXIF, GPS included)."""
    photo = public_jpeg(data, blur=blur)
    stem = name.rsplit(".", 1)[0] or "photo"
    return SimpleUploadedFile(f"{stem}.jpg", photo.data, content_type="image/jpeg"), photo


def blurred_jpeg(data: bytes) -> tuple[bytes, int]:
    """`data` (JPEG or PNG) as a public JPEG with each detected face blurred beyond recognition, and the count."""
    photo = public_jpeg(data, blur=True)
    return photo.data, photo.faces


def faces_in(data: bytes) -> int:
    """How many faces OpenCV finds: the publish step ticks "pupils appear" when it finds any."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    return 0 if image is None else len(_faces(image))


def _faces(image: object) -> list[tuple[int, int, int, int]]:
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    found = cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(24, 24))
    return [tuple(int(v) for v in f) for f in found]  # type: ignore[misc]
