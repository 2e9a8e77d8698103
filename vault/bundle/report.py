"""report.html: the bundle's human-readable report (Jinja2, autoescaped)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

if TYPE_CHECKING:
    from vault.vault import Vault

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "report"


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                       lstrip_blocks=True)


def render_report_html(vault: Vault, today: date, company_id: str | None,
                       tables: dict[str, list[dict[str, Any]]]) -> str:
    def mine(company: str | None) -> bool:
        return company_id is None or company == company_id

    company = vault.companies.get(company_id).name if company_id else None
    agreements = [a for a in vault.agreements.list() if mine(a.company_id)]
    agreement_ids = {a.id for a in agreements}
    holdings = [h for h in vault.insights.holdings(today) if mine(h.company_id)]
    findings = [f for f in vault.insights.scope_findings(today) + vault.insights.term_flags()
                if company is None or f.company == company]
    clauses = [c for c in vault.insights.clause_flags() if c.agreement_id in agreement_ids]
    requests = [r for r in vault.requests.list() if mine(r.company_id)]
    earnings = []
    totals = vault.insights.earnings()
    for label, groups in (("company", totals.by_company), ("kind", totals.by_kind),
                          ("year", {str(k): v for k, v in totals.by_year.items()})):
        for key, bucket in sorted(groups.items()):
            if label == "company" and company is not None and key != company:
                continue
            for currency in sorted(set(bucket.received) | set(bucket.expected)):
                earnings.append([label, key, currency, bucket.received.get(currency, "0.00"),
                                 bucket.expected.get(currency, "0.00")])
    if company is not None:
        earnings = [row for row in earnings if row[0] == "company"]
    del tables  # the report reads through the services; tables are for data/
    return _environment().get_template("report.html.j2").render(
        today=today.isoformat(), today_date=today, vault_id=vault.id, company=company,
        holdings=holdings, agreements=agreements, findings=findings, clauses=clauses,
        requests=requests, earnings=earnings)
