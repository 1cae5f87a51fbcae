"""Redis goes down while a person rates: they notice nothing, and every answer is there afterwards."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from checklist.models import Rating

from .helpers import start


def test_a_person_keeps_rating_while_redis_is_down(open_page, settings):
    page = open_page()
    start(page)
    questions = page.locator("fieldset.rate")

    def rate(number: int) -> None:
        questions.nth(number).get_by_label("Yes", exact=True).check()
        expect(questions.nth(number)).to_have_class(re.compile(r"\bsaved\b"))

    rate(0)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    for number in (1, 2, 3):
        rate(number)

    page.reload()
    expect(page.locator("#progress")).to_contain_text("4 of ")
    assert Rating.objects.filter(answer="yes").count() == 4
