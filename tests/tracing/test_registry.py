"""Every registered tracer builds from a seed and has fit/predict."""

from __future__ import annotations

import pytest

from its.tracing.bkt.model import BKT
from its.tracing.registry import TRACERS


def test_bkt_is_registered() -> None:
    assert TRACERS["bkt"] is BKT
    assert TRACERS["bkt-forgets"]().forgets is True


@pytest.mark.parametrize("name", sorted(TRACERS))
def test_registered_tracer_follows_the_protocol(name: str) -> None:
    tracer = TRACERS[name](random_state=0)
    assert callable(tracer.fit) and callable(tracer.predict)
