"""The partner-facing pages in German and Spanish, at their /de/ and /es/ addresses: their words, their
dates and the refusals they show, in the address's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers import both_ready, invite_link

pytestmark = pytest.mark.django_db

MARCH_4 = datetime(2026, 3, 4, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("prefix", "created", "long_date"),
    [
        ("", "4 Mar 2026, 09:05", "4 March 2026"),
        ("/de", "04.03.2026 09:05", "4. März 2026"),
        ("/es", "04/03/2026 09:05", "4 de marzo de 2026"),
    ],
)
def test_dates_are_written_the_way_the_pages_language_writes_them(
    alice, bob, planted, time_machine, prefix, created, long_date
):
    time_machine.move_to(MARCH_4, tick=False)
    invite_link(alice)
    both_ready(planted, alice, bob)

    assert created in alice.get(f"{prefix}/pairings/").content.decode()
    assert long_date in alice.get(f"{prefix}{planted}rounds/1/").content.decode()
