"""Model backends, each implementing the one contract in :mod:`medeval.backend`.

``hf`` (transformers: local folders, hub ids, PEFT adapters, 4-bit, GGUF, bundled models),
``openai_compat`` (any OpenAI-compatible server), ``vllm_backend`` (vLLM in process) and
``recorded`` (the stand-in of a finished run); ``inspect_provider`` hands a loaded backend to
inspect-ai. Backends are registered as ``medeval.models`` entry points and import only core
modules (never suites, safety, redteam or the runner).
"""
