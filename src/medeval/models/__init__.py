"""Model backends: Hugging Face transformers (local, adapters, 4-bit, GGUF) and bundled models."""
