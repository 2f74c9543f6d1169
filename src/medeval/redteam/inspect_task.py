"""The inspect-ai pieces of the redteam suite: a multi-turn solver and a classifier scorer.

The solver plays a conversation: each earlier user turn is answered by the model before the next
is sent, so an escalation attack meets the model's own replies, as it would in a chat. The scorer
records the response classifier's label in the inspect-ai log, so a log read on its own shows how
each answer was judged.
"""

from __future__ import annotations

from typing import Any


def conversation_solver() -> Any:
    """Answer `metadata["turns"]` one by one (the first is the sample input), then the final."""
    from inspect_ai.model import ChatMessageUser
    from inspect_ai.solver import Generate, TaskState, solver

    @solver  # type: ignore[untyped-decorator]
    def converse() -> Any:
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            turns = list(state.metadata.get("turns") or [])
            for turn in turns[1:]:
                state = await generate(state)
                state.messages.append(ChatMessageUser(content=turn))
            if turns:
                state = await generate(state)
                state.messages.append(ChatMessageUser(content=state.metadata["final"]))
            return await generate(state)

        return solve

    return converse()


def classifier_scorer() -> Any:
    """Score an answer by medeval's response classifier (the label is the score's value)."""
    from inspect_ai.scorer import Score, Target, scorer
    from inspect_ai.solver import TaskState

    from medeval.safety.classifier import classify

    @scorer(metrics=[])  # type: ignore[untyped-decorator]
    def response_label() -> Any:
        async def score(state: TaskState, target: Target) -> Score:
            verdict = classify(str(state.metadata.get("final", "")), state.output.completion)
            return Score(
                value=verdict.label,
                answer=state.output.completion,
                explanation="; ".join(verdict.reasons),
            )

        return score

    return response_label()
