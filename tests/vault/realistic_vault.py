"""A small, realistic vault for the agreement tests: who holds what, under which terms.

Companies: Gigly (a gig platform, US-CA), VoiceBank AI (DE, reached through Gigly),
FaceForge Studios (GB), Old Data Co (US). Recordings: three voice takes, a face
scan and a day-in-the-life video. TODAY is the date the tests judge on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vault.services.agreement_terms import AgreementTerms
from vault.vault import Vault

TODAY = date(2026, 11, 22)


@dataclass
class Ids:
    voice1: str
    voice2: str
    voice3: str
    face: str
    video: str
    voicebank: str
    faceforge: str
    olddata: str


def populate(vault: Vault, tmp_path: Path) -> Ids:
    def rec(name: str, kind: str) -> str:
        path = tmp_path / name
        path.write_bytes(name.encode() * 100)
        return vault.recordings.import_file(path, kind=kind).id

    voice1, voice2, voice3 = rec("take-1.wav", "voice"), rec("take-2.wav", "voice"), \
        rec("take-3.wav", "voice")
    face, video = rec("face-scan.obj", "face"), rec("day-in-life.mp4", "video")
    vault.companies.add("Gigly", country="US-CA", privacy_email="privacy@gigly.example")
    vault.companies.add("VoiceBank AI", country="DE", privacy_email="dpo@voicebank.example")
    vault.companies.add("FaceForge Studios", country="GB")
    vault.companies.add("Old Data Co", country="US")

    voicebank = vault.agreements.add("VoiceBank AI", AgreementTerms(
        title="Voice data licence", signed_on=date(2025, 1, 10), ends_on=date(2026, 12, 31),
        data_kinds=("voice",), permitted_uses=("generative-training", "synthetic-replica"),
        revocable="notice", revocation_notice_days=30, deletion_clause="days-after-end",
        deletion_days=30, pay_model="one-time", amount="150", currency="EUR", via="Gigly",
        reference="GIG-2291"), recordings=[voice1, voice2, face], delivered_on=date(2025, 1, 15))
    # The third take went out before the licence started.
    vault.agreements.edit(voicebank.id, recordings=[voice3], delivered_on=date(2024, 12, 1))
    faceforge = vault.agreements.add("FaceForge Studios", AgreementTerms(
        title="Likeness release", signed_on=date(2025, 3, 1), perpetual=True, revocable="no",
        data_kinds=("face",), permitted_uses=("commercial-products", "resale-sublicensing"),
        exclusive=True, territory="worldwide", pay_model="per-item", amount="20",
        currency="USD"), recordings=[face], delivered_on=date(2025, 3, 2))
    olddata = vault.agreements.add("Old Data Co", AgreementTerms(
        title="Daily life video set", signed_on=date(2024, 1, 1), ends_on=date(2025, 6, 30),
        data_kinds=("video",), permitted_uses=("non-generative-training",),
        deletion_clause="days-after-end", deletion_days=30, pay_model="one-time",
        amount="80", currency="USD"), recordings=[video], delivered_on=date(2024, 2, 1))
    vault.agreements.add_payment(voicebank.id, "150", "EUR", date(2025, 2, 1))
    vault.agreements.add_payment(faceforge.id, "20", "USD", date(2025, 3, 10))
    vault.agreements.add_payment(faceforge.id, "20", "USD", date(2026, 3, 10), received=False)
    vault.agreements.add_payment(olddata.id, "80", "USD", date(2024, 2, 15))
    vault.insights.observe_use("FaceForge Studios", "advertising", date(2026, 10, 1),
                               recording=face, note="My face on a billboard ad")
    return Ids(voice1, voice2, voice3, face, video, voicebank.id, faceforge.id, olddata.id)
