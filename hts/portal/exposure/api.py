"""What may reach a public page, decided in one place (issue 16 point 8). The publish step of every
public part calls these before anything is copied to a publication:

* ``text_for_public(html, studio=…)``: the text with pupils' names masked (张*明). The names come from
  the class lists of the schools the studio's team works in (pupils not yet anonymised).
* ``photo_decision(…)``: whether a photo may be shown. A photo in which pupils appear needs a guardian
  consent that covers them on the photo's date (per pupil, or the class for that semester), or its
  faces blurred; otherwise it is refused with the reason.
* ``blurred_jpeg(data)``: the photo with every face found blurred (OpenCV's own Haar cascade, shipped in
  the wheel; nothing is fetched at run time), and how many faces were found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hts.classwork.models import Pupil
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


@dataclass(frozen=True)
class MaskedText:
    html: str
    names: list[str] = field(default_factory=list)  # the names found and masked (for the preview only)


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
    found = sorted({n for n in names if len(n) >= 2 and n in html}, key=len, reverse=True)
    if not found:
        return MaskedText(html, [])
    pattern = re.compile("|".join(re.escape(n) for n in found))
    return MaskedText(pattern.sub(lambda m: mask_name(m.group(0)), html), found)


def text_for_public(html: str, *, studio: Studio) -> MaskedText:
    return mask_names_in(html, pupil_names(team_school_ids(studio)))


@dataclass(frozen=True)
class PhotoDecision:
    allowed: bool
    reason: str = ""
    consent: GuardianConsent | None = None
    blur: bool = False


def consent_covering(
    *, pupils: Iterable[Pupil] = (), school_class_id: int | None = None, on: dt.date
) -> GuardianConsent | None:
    """An active consent that covers the photo's pupils on `on`: the class's for the semester `on` falls
    in, or (for named pupils) one per pupil, the first of which is returned."""
    active = GuardianConsent.objects.filter(withdrawn_on__isnull=True, given_on__lte=on)
    if school_class_id is not None:
        consent = active.filter(
            school_class_id=school_class_id, semester__starts_on__lte=on, semester__ends_on__gte=on
        ).first()
        if consent is not None:
            return consent
    pupils = list(pupils)
    if not pupils:
        return None
    by_pupil = {c.pupil_id: c for c in active.filter(pupil__in=pupils)}
    if all(p.pk in by_pupil for p in pupils):
        return by_pupil[pupils[0].pk]
    return None


def photo_decision(
    *,
    shows_pupils: bool,
    on: dt.date,
    school_class_id: int | None = None,
    pupils: Iterable[Pupil] = (),
    blur: bool = False,
) -> PhotoDecision:
    if not shows_pupils:
        return PhotoDecision(True)
    if blur:
        return PhotoDecision(True, blur=True)
    consent = consent_covering(pupils=pupils, school_class_id=school_class_id, on=on)
    if consent is None:
        return PhotoDecision(
            False,
            _(
                "Pupils appear in this photo and no guardian consent covers them on %(date)s: record the consent "
                "(for each pupil, or the class for the semester), blur the faces, or leave the photo out."
            )
            % {"date": on.isoformat()},
        )
    return PhotoDecision(True, consent=consent)


def blurred_jpeg(data: bytes) -> tuple[bytes, int]:
    """`data` (JPEG or PNG) as a JPEG with each detected face blurred beyond recognition, and the count."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    faces = _faces(image)
    for x, y, w, h in faces:
        face = image[y : y + h, x : x + w]
        # Pixelate, then blur: a plain blur of a large face can still be recognised.
        small = cv2.resize(face, (max(1, w // 12), max(1, h // 12)), interpolation=cv2.INTER_LINEAR)
        image[y : y + h, x : x + w] = cv2.GaussianBlur(
            cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST), (0, 0), sigmaX=max(3, w // 10)
        )
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise ValueError("could not encode")
    return encoded.tobytes(), len(faces)


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
