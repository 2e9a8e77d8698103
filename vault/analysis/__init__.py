"""Reading agreements: text extraction, risky-clause detection, scope findings."""
