"""Judging answers and screening prompts.

The response classifier, its features, the caution patterns and the guardrails. Used by both the
red-team suite and the guarded model wrapper.
"""
