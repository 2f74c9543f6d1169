"""Safety suite: red-team prompt sets and attack transforms, the refusal suite, the LLM judge,
manual chat probing and transcript import, and the ``medeval redteam`` commands.

Judging one answer (the response classifier, caution patterns) and the guardrails live in
:mod:`medeval.safety`, which the suite, the guarded model wrapper and the trainers share.
"""
