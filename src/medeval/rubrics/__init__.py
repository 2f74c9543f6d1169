"""Expert-panel rubrics: definitions, blinded packets, rating import, aggregation, agreement.

See ``DESIGN.md`` (rubrics/) and the README's "Expert panel" section. Heavy libraries are imported
inside functions, so importing this package (as ``medeval --help`` does) stays cheap.
"""

from __future__ import annotations
