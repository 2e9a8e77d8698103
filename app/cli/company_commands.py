"""company add|show|edit|remove, companies."""

from __future__ import annotations

import argparse

from app.cli.common import Handler, info, open_vault, print_json, print_table
from vault.services.companies import EDITABLE_FIELDS, CompanyInfo

_OPTIONS = {
    "legal_name": "registered legal name",
    "country": "country code, e.g. DE, US or US-CA",
    "address": "postal address",
    "privacy_email": "privacy or data-protection e-mail address",
    "dpo": "data protection officer contact",
    "website": "website",
    "web_form": "privacy request web form",
    "notes": "free notes",
}
_FIELD_OF_OPTION = {"address": "postal_address", "dpo": "dpo_contact"}


def _values(args: argparse.Namespace) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for option in _OPTIONS:
        value = getattr(args, option)
        if value is not None:
            values[_FIELD_OF_OPTION.get(option, option)] = value
    return values


def _show(company: CompanyInfo, as_json: bool) -> None:
    if as_json:
        print_json(company.to_json())
        return
    for field in ("id", *EDITABLE_FIELDS):
        value = getattr(company, field)
        if value:
            print(f"{field.replace('_', ' ')}: {value}")


def cmd_company_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        company = vault.companies.add(args.name, **_values(args))
    print(company.id)
    return 0


def cmd_company_show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        _show(vault.companies.get(args.company), args.json)
    return 0


def cmd_company_edit(args: argparse.Namespace) -> int:
    values = _values(args)
    if args.name is not None:
        values["name"] = args.name
    with open_vault(args) as vault:
        company = vault.companies.update(args.company, **values)
    info(f"Saved {company.name}.")
    return 0


def cmd_company_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        company = vault.companies.get(args.company)
        vault.companies.remove(company.id)
    info(f"Removed {company.name}.")
    return 0


def cmd_companies(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        companies = vault.companies.list()
    if args.json:
        print_json([c.to_json() for c in companies])
    elif not companies:
        info("No companies yet. Add one with: holdfast-cli company add NAME")
    else:
        print_table([[c.id[:8], c.name, c.country or "", c.privacy_email or ""]
                     for c in companies], ["ID", "NAME", "COUNTRY", "PRIVACY E-MAIL"])
    return 0


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    for option, help_text in _OPTIONS.items():
        parser.add_argument("--" + option.replace("_", "-"), dest=option, help=help_text)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    company = sub.add_parser("company", help="add, show, edit or remove a company")
    company_sub = company.add_subparsers(dest="company_command", metavar="ACTION", required=True)
    p = company_sub.add_parser("add", help="add a company and print its id")
    p.add_argument("name")
    _add_field_options(p)
    p = company_sub.add_parser("show", help="show one company")
    p.add_argument("company", help="id, id prefix or name")
    p.add_argument("--json", action="store_true")
    p = company_sub.add_parser("edit", help="change a company's details")
    p.add_argument("company", help="id, id prefix or name")
    p.add_argument("--name")
    _add_field_options(p)
    p = company_sub.add_parser("remove", help="remove a company")
    p.add_argument("company", help="id, id prefix or name")
    p = sub.add_parser("companies", help="list companies")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    return {"company add": cmd_company_add, "company show": cmd_company_show,
            "company edit": cmd_company_edit, "company remove": cmd_company_remove,
            "companies": cmd_companies}
