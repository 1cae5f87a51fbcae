from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ChecklistConfig(AppConfig):
    name = "checklist"

    def ready(self) -> None:
        from glossary.models import Term, TermTranslation

        from .catalogue import forget_catalogue
        from .models import Activity, ActivityTranslation, Category, CategoryTranslation

        for model in (Activity, Category, Term, ActivityTranslation, CategoryTranslation, TermTranslation):
            post_save.connect(
                forget_catalogue, sender=model, dispatch_uid=f"forget-catalogue-save-{model.__name__}"
            )
            post_delete.connect(
                forget_catalogue, sender=model, dispatch_uid=f"forget-catalogue-del-{model.__name__}"
            )
        m2m_changed.connect(
            forget_catalogue, sender=Activity.terms.through, dispatch_uid="forget-catalogue-terms"
        )
