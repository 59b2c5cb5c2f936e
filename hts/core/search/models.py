"""The search index: one row per searchable record, written by the services that write the record."""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """What search matches and shows of one record. The access rules are not decided here: a result is
    listed only when its kind's own rule (the app's scoped queryset) reaches the record; the scope
    fields let a page narrow by place and the public flag marks what the public search may show."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    object_uid = models.UUIDField()
    title = models.CharField(max_length=300)
    # The opening of the text, shown under the title to those who may open the record.
    text = models.CharField(max_length=300, blank=True)
    # Space-separated tokens (hts.core.search.tokens); the engines index this column.
    tokens = models.TextField(blank=True)
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    school_id = models.BigIntegerField(null=True, blank=True)
    studio_id = models.BigIntegerField(null=True, blank=True)
    owner_teacher_id = models.BigIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    # A result's page, set by the selectors as they read (not stored: addresses follow the URL conf).
    url: str | None = None

    class Meta:
        app_label = "core"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_record")]
        # Each kind's newest matches read off this index in order (engine.ranked_candidates), without
        # reading the rows (their tokens make them large).
        indexes = [models.Index(fields=["kind", "updated_at", "id", "object_id"], name="search_entry_kind_recent")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
