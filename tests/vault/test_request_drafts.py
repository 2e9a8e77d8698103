"""A draft's way out: sent with the channel it went by, or discarded with its letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.vault.realistic_vault import Ids, populate
from vault.errors import InvalidInputError, NotFoundError
from vault.vault import Vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def test_sent_records_the_channel_and_post_is_an_estimate(open_vault: Vault, ids: Ids) -> None:
    draft = open_vault.requests.new("FaceForge Studios", "erasure")
    assert draft.channel is None
    sent = open_vault.requests.update(draft.id, "sent", date(2026, 11, 2), channel="post")
    assert (sent.channel, sent.received_estimated) == ("post", True)
    by_mail = open_vault.requests.new("Gigly", "access")
    sent = open_vault.requests.update(by_mail.id, "sent", date(2026, 11, 2), channel="email")
    assert (sent.channel, sent.received_estimated) == ("email", False)


def test_unknown_channel_changes_nothing(open_vault: Vault, ids: Ids) -> None:
    draft = open_vault.requests.new("Gigly", "access")
    with pytest.raises(InvalidInputError, match="not a channel"):
        open_vault.requests.update(draft.id, "sent", date(2026, 11, 2), channel="pigeon")
    assert open_vault.requests.get(draft.id).stored_status == "draft"


def test_discarding_a_draft_removes_it_and_its_letter(open_vault: Vault, ids: Ids) -> None:
    draft = open_vault.requests.new("Gigly", "erasure", recordings=[ids.voice1])
    doc_id = open_vault.requests.store_letter(draft.id, "letter.txt", b"Dear Gigly", "text/plain")
    blob_count = len(open_vault.requests.blob_ids())
    assert open_vault.requests.discard_draft(draft.id) == draft.reference
    assert draft.id not in {r.id for r in open_vault.requests.list()}
    assert len(open_vault.requests.blob_ids()) == blob_count - 1
    with pytest.raises(NotFoundError):
        open_vault.requests.read_document(doc_id)
    assert open_vault.recordings.get(ids.voice1).id == ids.voice1  # the recording stays
    assert open_vault.verify().ok  # no orphaned blob left behind


def test_a_sent_request_cannot_be_discarded(open_vault: Vault, ids: Ids) -> None:
    sent = open_vault.requests.new("Gigly", "erasure", sent_on=date(2026, 11, 2))
    with pytest.raises(InvalidInputError, match="only a draft can be discarded"):
        open_vault.requests.discard_draft(sent.id)
    assert open_vault.requests.get(sent.id).stored_status == "sent"


def test_arrival_before_sending_is_refused(open_vault: Vault, ids: Ids) -> None:
    draft = open_vault.requests.new("FaceForge Studios", "erasure")
    with pytest.raises(InvalidInputError, match="received before it was sent"):
        open_vault.requests.update(draft.id, "sent", date(2026, 11, 5), channel="post",
                                   received_on=date(2026, 11, 4))
    assert open_vault.requests.get(draft.id).stored_status == "draft"
