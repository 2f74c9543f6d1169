"""Training data build and the QLoRA trainer."""
