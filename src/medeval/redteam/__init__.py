"""Safety suite: red-team prompt sets, attack transforms, response classifier and guardrails."""
