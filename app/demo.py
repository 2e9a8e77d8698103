"""A demo vault filled with made-up data, so the app can be explored in one command.

Built only through the vault services, with dates relative to `today`, so it always
shows a lively state: an agreement ending soon, one ended with deletion due, requests
waiting, overdue, extended, answered and drafted.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from app import demo_media
from vault.crypto.keys import KdfParams
from vault.services.agreement_terms import AgreementTerms
from vault.vault import Vault, create_vault

DEMO_PASSWORD = "demo-password"
DEMO_NOTE = (f"Demo vault: made-up data, deleted when you quit "
             f"(password to unlock: {DEMO_PASSWORD})")

VOICE_CONTRACT = [
    "VOICE DATA LICENCE between Voicebank AI GmbH and the Contributor",
    "1. The Contributor grants Voicebank AI a perpetual licence to use the recordings.",
    "2. Voicebank AI may sublicense its rights to any third party.",
    "3. The licence is irrevocable once payment has been made.",
    "4. Voicebank AI may create derivative works, including synthetic voices.",
]
FACE_CONTRACT = """LIKENESS RELEASE - FaceForge Studios Ltd

1. You grant the Company a perpetual, worldwide, royalty-free licence to use your face
   scans in any media now known or later devised.
2. The Company may sublicense or transfer its rights to any third party.
3. You waive all moral rights in the material.
4. This release is irrevocable.
"""


def _import(vault: Vault, folder: Path, name: str, data: bytes, *, kind: str, title: str,
            captured_on: date) -> str:
    path = folder / name
    path.write_bytes(data)
    try:
        return vault.recordings.import_file(path, kind=kind, title=title,
                                            captured_on=captured_on).id
    finally:
        path.unlink(missing_ok=True)


def _attach(vault: Vault, folder: Path, agreement: str, name: str, data: bytes,
            captured_on: date) -> None:
    path = folder / name
    path.write_bytes(data)
    try:
        vault.documents.attach(agreement, path, kind="contract", captured_on=captured_on)
    finally:
        path.unlink(missing_ok=True)


def build_demo_vault(root: Path, today: date, *,
                     kdf: KdfParams | None = None) -> tuple[Vault, str]:
    """Create a vault at root filled with made-up data; returns it open, and its password."""
    vault, _recovery_code = create_vault(root, DEMO_PASSWORD, kdf=kdf)
    # The generated inputs are made-up data, not user secrets; they go as soon as imported.
    inputs = Path(tempfile.mkdtemp(prefix=".demo-inputs-", dir=root))
    try:
        _fill(vault, inputs, today)
    except BaseException:
        vault.close()
        raise
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    return vault, DEMO_PASSWORD


def _fill(vault: Vault, inputs: Path, today: date) -> None:
    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    vault.profile.update(name="Ana Lima", email="ana@example.org", country="PT",
                         account_ids=(("gigly", "W-2291"), ("voicebank", "vb-88")))
    voices = [_import(vault, inputs, f"voice-take-{i}.wav",
                      demo_media.speech_like_wav(seconds, pitch), kind="voice",
                      title=f"Voice take {i}", captured_on=days_ago(420 - 3 * i))
              for i, (seconds, pitch) in enumerate([(1.5, 180.0), (2.5, 210.0), (4.0, 165.0)],
                                                   1)]
    face = _import(vault, inputs, "face-scan.png", demo_media.face_scan_png(), kind="face",
                   title="Face scan, front", captured_on=days_ago(300))
    chat = _import(vault, inputs, "gigly-chat.txt", demo_media.chat_log(days_ago(420)),
                   kind="other", title="Chat with Gigly support", captured_on=days_ago(380))
    health = _import(vault, inputs, "health-export.json", demo_media.health_export(today),
                     kind="other", title="Watch health export", captured_on=days_ago(120))
    gait = _import(vault, inputs, "gait.csv", demo_media.gait_csv(), kind="other",
                   title="Walking gait sensor log", captured_on=days_ago(200))

    vault.companies.add("Gigly", country="US-CA", privacy_email="privacy@gigly.example",
                        website="gigly.example", notes="Gig platform: the voice job came here.")
    vault.companies.add("Voicebank AI", legal_name="Voicebank AI GmbH", country="DE",
                        privacy_email="privacy@voicebank.example",
                        dpo_contact="Dr. Jana Weber, dpo@voicebank.example",
                        postal_address="Musterstrasse 1, 10115 Berlin, Germany")
    vault.companies.add("FaceForge Studios", legal_name="FaceForge Studios Ltd", country="GB",
                        privacy_email="legal@faceforge.example")

    # Ends within 30 days, made through Gigly, with the risky contract as a PDF.
    voicebank = vault.agreements.add("Voicebank AI", AgreementTerms(
        title="Voice data licence", signed_on=days_ago(430), ends_on=today + timedelta(days=18),
        data_kinds=("voice",), permitted_uses=("generative-training", "synthetic-replica"),
        revocable="notice", revocation_notice_days=30, deletion_clause="days-after-end",
        deletion_days=30, pay_model="one-time", amount="150", currency="EUR", via="Gigly",
        reference="GIG-2291"), recordings=voices, delivered_on=days_ago(415))
    _attach(vault, inputs, voicebank.id, "voice-licence.pdf",
            demo_media.text_pdf(VOICE_CONTRACT), days_ago(430))
    # Perpetual, with the risky release as a text file.
    faceforge = vault.agreements.add("FaceForge Studios", AgreementTerms(
        title="Likeness release", signed_on=days_ago(310), perpetual=True, revocable="no",
        data_kinds=("face",), permitted_uses=("commercial-products", "resale-sublicensing"),
        exclusive=True, territory="worldwide", pay_model="per-item", amount="20",
        currency="USD"), recordings=[face], delivered_on=days_ago(300))
    _attach(vault, inputs, faceforge.id, "likeness-release.txt", FACE_CONTRACT.encode(),
            days_ago(310))
    # Ended two months ago: the deletion promised 30 days after the end is now due.
    gigly = vault.agreements.add("Gigly", AgreementTerms(
        title="Sensor data study", signed_on=days_ago(400), ends_on=days_ago(60),
        data_kinds=("other",), permitted_uses=("non-generative-training",),
        deletion_clause="days-after-end", deletion_days=30, pay_model="one-time",
        amount="40", currency="USD"), recordings=[health, gait, chat],
        delivered_on=days_ago(390))

    vault.agreements.add_payment(voicebank.id, "150", "EUR", days_ago(400))
    vault.agreements.add_payment(faceforge.id, "20", "USD", days_ago(290))
    vault.agreements.add_payment(faceforge.id, "20", "USD", today + timedelta(days=10),
                                 received=False)
    vault.agreements.add_payment(gigly.id, "40", "USD", days_ago(380))
    vault.insights.observe_use("FaceForge Studios", "advertising", days_ago(20),
                               recording=face, note="My face in a billboard advert")

    _requests(vault, inputs, today, voices, face, voicebank.id, gigly.id)


def _requests(vault: Vault, inputs: Path, today: date, voices: list[str], face: str,
              voicebank: str, gigly: str) -> None:
    def days_ago(n: int) -> date:
        return today - timedelta(days=n)

    # Sent a week ago: waiting for the answer.
    vault.requests.new("Voicebank AI", "access", recordings=voices, agreement=voicebank,
                       sent_on=days_ago(7), channel="email")
    # Sent two months ago, never answered: overdue.
    vault.requests.new("Gigly", "erasure", agreement=gigly, sent_on=days_ago(70),
                       channel="email")
    # Acknowledged, then the company extended its deadline.
    extended = vault.requests.new("FaceForge Studios", "erasure", recordings=[face],
                                  sent_on=days_ago(40), channel="email")
    vault.requests.update(extended.id, "acknowledged", days_ago(35),
                          company_reference="FF-1187")
    vault.requests.update(extended.id, "extended", days_ago(10),
                          note="They need two more months, they say.")
    # Answered in full, with their reply attached.
    answered = vault.requests.new("Voicebank AI", "erasure", recordings=voices[:1],
                                  sent_on=days_ago(90), channel="email")
    reply = inputs / "voicebank-reply.txt"
    reply.write_text("Dear Ms Lima,\n\nwe have deleted the recording you named and all "
                     "copies derived from it.\n\nVoicebank AI privacy team\n")
    try:
        vault.requests.update(answered.id, "answered-complete", days_ago(60), attach=reply,
                              note="They confirm the deletion.")
    finally:
        reply.unlink(missing_ok=True)
    # Still a draft.
    vault.requests.new("FaceForge Studios", "objection", recordings=[face],
                       notes="Object to the advertising use.")
