"""Hand a rendered letter to the user's mail program: an .eml file or a mailto: link.

Holdfast never sends mail itself (no network by default); the user opens the .eml
in their mail client, or follows the mailto: link, and presses Send.
"""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from vault.errors import InvalidInputError
from vault.letters.context import Person
from vault.letters.render import Letter

# Many mail clients and browsers truncate or reject mailto: links longer than this;
# offer the .eml file instead when mailto_url() returns something longer.
MAILTO_SAFE_LENGTH = 2000
_WRITE_POLICY = email.policy.SMTP.clone(max_line_length=998)


def _require_address(letter: Letter) -> str:
    if letter.to_address:
        return letter.to_address
    if letter.template.endswith("/complaint.txt.j2"):
        raise InvalidInputError(
            "The authority has no e-mail address on file; send the complaint through its "
            "web form or by post.")
    raise InvalidInputError(
        "The company has no privacy e-mail address on file; send the letter by post or web "
        "form, or add the company's privacy e-mail first.")


def _address(name: str, addr: str, what: str) -> Address:
    if "\n" in name or "\r" in name:
        raise InvalidInputError(f"The {what} name must be on one line.")
    local, at, domain = addr.strip().rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in addr.strip()):
        raise InvalidInputError(f"'{addr}' is not a valid e-mail address for the {what}.")
    try:
        return Address(display_name=name.strip(), username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise InvalidInputError(f"'{addr}' is not a valid e-mail address for the {what}.") \
            from exc


def to_eml(letter: Letter, sender: Person, *, date: datetime | None = None) -> bytes:
    """An RFC 5322 message (CRLF line ends, UTF-8 text/plain) ready to open and send.

    `date` defaults to now; a naive datetime is taken as local time.
    """
    to_addr = _require_address(letter)
    from_address = _address(sender.name, sender.email, "sender")
    to_address = _address("", to_addr, "recipient")
    when = (date or datetime.now(UTC)).astimezone()
    msg = EmailMessage(policy=email.policy.SMTP)
    try:
        msg["From"] = from_address
        msg["To"] = to_address
        msg["Subject"] = letter.subject
        msg["Date"] = format_datetime(when)
        msg["Message-ID"] = make_msgid(domain=from_address.domain)
    except ValueError as exc:  # e.g. a line break in the subject
        raise InvalidInputError(f"The letter cannot be made into an e-mail: {exc}.") from exc
    # Chosen with 78-column lines: a body line longer than that is quoted-printable.
    msg.set_content(letter.body, subtype="plain", charset="utf-8")
    msg["Content-Language"] = letter.language
    # Headers are written unfolded up to RFC 5322's 998-character limit: the stdlib folder
    # would otherwise start a long Subject on a continuation line, which some readers show
    # with a leading space.
    return msg.as_bytes(policy=_WRITE_POLICY)


def mailto_url(letter: Letter) -> str:
    """A mailto: link (RFC 6068) with the subject and body percent-encoded.

    Very long bodies may not survive some mail clients or browsers; compare the
    length with MAILTO_SAFE_LENGTH and offer the .eml file instead when it is longer.
    """
    to_addr = _require_address(letter)
    body = letter.body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (f"mailto:{quote(to_addr, safe='@')}"
            f"?subject={quote(letter.subject, safe='')}&body={quote(body, safe='')}")


__all__ = ["MAILTO_SAFE_LENGTH", "mailto_url", "to_eml"]
