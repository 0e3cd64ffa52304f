"""Small synthetic exports in the layouts real tools write (review sites, survey tools in other
languages, helpdesks), built row by row with the values each row should import as, so a test can
compare what Heartbeat stored with what was written. Deterministic for a seed."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

START = datetime(2024, 1, 8, 9, 30)
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
ORDINALS = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
OPENERS = ("The room was spotless and the staff remembered our names every morning",
           "Breakfast was cold twice and nobody at the desk seemed to care about it",
           "Great location near the station but the walls are thin and it was noisy",
           "We waited forty minutes to check in and the room was not ready",
           "Lovely pool, friendly bar staff, would happily come back next summer",
           "The bathroom smelled of damp and the shower barely worked at all",
           "Quiet, clean and good value for the price compared with the big chains",
           "Parking was expensive and the signs to the garage were confusing")
CLOSERS = ("The wifi dropped every evening.", "Check-out was quick and friendly.",
           "Housekeeping skipped our room on Sunday.", "The restaurant deserves its reputation.",
           "Air conditioning was loud all night.", "Beds were comfortable and pillows soft.",
           "Nobody answered the phone at reception.", "The view over the old town was stunning.")


def ordinal_date(day: datetime) -> str:
    """'3rd March 2024'."""
    return f"{day.day}{ORDINALS.get(day.day, 'th')} {MONTHS_EN[day.month - 1]} {day.year}"


def csv_text(header: list[str], rows: list[list], delimiter: str = ",", line_end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    """The rows written as a CSV file at `path` (UTF-8, lines ending CRLF as Python's csv writes them)."""
    path.write_text(csv_text(header, rows, delimiter, line_end="\r\n"), encoding="utf-8")
    return path


def review_export(rows: int = 60, seed: int = 1) -> tuple[str, list[dict]]:
    """A review site's export: an ID, an overall score 1–10, a stay date written '3rd March 2024',
    the review, the traveller type and country, and a Yes/No recommendation. Returns the CSV text
    and, per row, what it should import as (rating, recommend, at, traveller, country)."""
    rng = random.Random(seed)
    expected, lines = [], []
    for i in range(rows):
        at = START + timedelta(days=3 * i)
        score = rng.choice((2, 3, 5, 6, 7, 8, 8, 9, 9, 10, 10))
        recommend = score >= 7 if rng.random() > 0.1 else score < 7
        traveller = rng.choice(("Business", "Couple", "Family", "Solo"))
        country = rng.choice(("France", "Germany", "Spain", "United Kingdom"))
        text = f"{rng.choice(OPENERS)}. {rng.choice(CLOSERS)}"
        lines.append([f"RV-{1000 + i}", score, ordinal_date(at), text, traveller, country,
                      "Yes" if recommend else "No"])
        expected.append({"id": f"RV-{1000 + i}", "rating": score, "recommend": recommend,
                         "at": datetime(at.year, at.month, at.day), "traveller": traveller,
                         "country": country, "text": text})
    header = ["Review ID", "Overall score", "Stay date", "Review", "Traveller type", "Country",
              "Would recommend"]
    return csv_text(header, lines), expected
