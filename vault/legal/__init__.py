"""Privacy laws as data: regimes, supervisory authorities and deadline arithmetic.

Research-based rules, not legal advice; the facts come from legal-facts.md and are
kept in resources/regimes/ so they can be corrected without code changes.
"""
