"""Exact money for the demo: random amounts in whole cents, scaling, and splits that add up exactly."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
YUAN_PER_WAN = Decimal(10000)


def q(value: Decimal) -> Decimal:
    """Round to the cent (half up), as budget tables do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def draw(rng: random.Random, low: str, high: str) -> Decimal:
    """A random amount between `low` and `high` (万元), in whole cents."""
    cents = rng.randint(int(Decimal(low) * 100), int(Decimal(high) * 100))
    return q(Decimal(cents) / 100)


def ratio(rng: random.Random, low: str, high: str) -> Decimal:
    """A random factor between `low` and `high`, to four places."""
    return Decimal(rng.randint(int(Decimal(low) * 10000), int(Decimal(high) * 10000))) / 10000


def scale(amount: Decimal, factor: Decimal) -> Decimal:
    return q(amount * factor)


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def split(amount: Decimal, weights: Sequence[int]) -> list[Decimal]:
    """`amount` in parts proportional to `weights`, in cents, adding up to exactly `amount`.

    Largest remainder: each part is floored to the cent, the cents left go to the largest
    remainders (ties to the first). Every part is at least 0.01 when the amount allows it.
    """
    cents = int(amount / CENT)
    whole = sum(weights)
    shares = [divmod(cents * w, whole) for w in weights]  # integers only: (floor, remainder)
    parts = [floor for floor, _ in shares]
    order = sorted(range(len(weights)), key=lambda i: (-shares[i][1], i))
    for i in order[: cents - sum(parts)]:
        parts[i] += 1
    for i, p in enumerate(parts):  # no empty part: take a cent from the largest one
        if p == 0 and max(parts) > 1:
            parts[parts.index(max(parts))] -= 1
            parts[i] = 1
    return [q(Decimal(p) * CENT) for p in parts]


def yuan(amount: Decimal) -> Decimal:
    """万元 → 元, exactly (two decimals)."""
    return q(amount * YUAN_PER_WAN)


def plain(amount: Decimal) -> str:
    """An amount as prose writes it: 5.60 → 5.6, 10.00 → 10."""
    text = f"{amount.normalize():f}"
    return text
