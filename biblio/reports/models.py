"""End-of-course feedback: one short form per participant, reported only in aggregate and anonymously."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The satisfaction items, each rated 1 (very dissatisfied) to 5 (very satisfied): field → question.
RATING_ITEMS: dict[str, str] = {
    "overall": _("Overall, how satisfied are you with the course?"),
    "content": _("The content was relevant to my work."),
    "trainers": _("Trainers and moderators supported my learning."),
    "mentoring": _("My mentor supported my work-based learning."),
    "organisation": _("The course was well organised (schedule, platform, materials)."),
}


def _rating(verbose_name) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Feedback(models.Model):
    """A participant's end-of-course feedback. The enrolment link only stops a second form; reports and
    exports never show it (no names, no dates, no ids), and small groups are suppressed."""

    class InPractice(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NOT_YET = "not_yet", _("Not yet, but it is planned")
        NO = "no", _("No")

    enrolment = models.OneToOneField("learning.Enrolment", on_delete=models.CASCADE, related_name="feedback")
    overall = _rating(RATING_ITEMS["overall"])
    content = _rating(RATING_ITEMS["content"])
    trainers = _rating(RATING_ITEMS["trainers"])
    mentoring = _rating(RATING_ITEMS["mentoring"])
    organisation = _rating(RATING_ITEMS["organisation"])
    project_in_practice = models.CharField(
        _("Did your project go into practice at your library?"), max_length=8, choices=InPractice
    )
    comments = models.TextField(_("Anything else you want to tell us?"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("course feedback")
        verbose_name_plural = _("course feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{item}__gte": 1, f"{item}__lte": 5}),
                name=f"feedback_{item}_1_5",
            )
            for item in RATING_ITEMS
        ]

    def __str__(self) -> str:
        return f"feedback #{self.pk}"

    @property
    def went_into_practice(self) -> bool:
        return self.project_in_practice in {self.InPractice.YES, self.InPractice.PARTLY}
