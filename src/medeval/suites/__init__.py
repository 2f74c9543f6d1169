"""Knowledge suites: MedQA, MedMCQA, PubMedQA, MMLU-medical, and YAML suites of your own."""
