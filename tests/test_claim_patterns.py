"""The narrative checks skip sentences without a digit: every claim must read its number as digits."""
from govtext.checks.narrative import CLAIMS


def test_every_claim_pattern_reads_its_number_as_digits():
    for claim in CLAIMS:
        for pattern in claim.patterns:
            assert "(?P<n>\\d+)" in pattern.pattern, (claim.id, pattern.pattern)
