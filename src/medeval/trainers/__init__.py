"""Candidate models: the training-data build (mix, clean, PHI scrub, decontaminate, split) and
the QLoRA trainer, whose candidates go through the same ``medeval run`` and gate."""
