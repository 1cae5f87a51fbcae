"""File downloads of someone's own data (answers, revealed matches), as JSON or CSV."""

from __future__ import annotations

import csv
import json

from django.http import HttpResponse
from django.utils import timezone


def json_download(filename: str, key: str, rows: list[dict], **more) -> HttpResponse:
    data = {"exported": timezone.now().isoformat(), **more, key: rows}
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(filename: str, columns: list[str], rows: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return response
