"""Validation: the template's identities as declarative rules producing finding rows."""
from govtext.checks.rules import RULES, Rule, evaluate_rules

__all__ = ["RULES", "Rule", "evaluate_rules"]
