"""Suites: where items come from, how one answer is scored, how records pool into metrics.

``base`` (the suite interface and lm-eval's multiple-choice semantics), the knowledge suites
(``medqa``, ``medmcqa``, ``pubmedqa``, ``mmlu_medical``), ``yaml_suite`` (suites of your own),
``latency`` (response time) and ``generative_choice`` (multiple choice asked in chat). Suites
never drive a model themselves: :mod:`medeval.execute` does, for every suite. They import only
core modules and :mod:`medeval.safety`.
"""
