"""Safety suite: red-team prompt sets and attack transforms, the suite, judge and chat.

The response classifier, the caution patterns and the guardrails live in :mod:`medeval.safety`.
"""
