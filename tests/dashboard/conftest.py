"""The dashboard shows counts of the action plans and evidence that tests/actions makes."""

from tests.actions.conftest import (  # noqa: F401  (fixtures, found by name)
    bappeda_evidence,
    bappeda_plan,
    bpkad_evidence,
    bpkad_plan,
    evidence_root,
)
