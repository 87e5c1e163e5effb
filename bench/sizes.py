"""Workspace sizes, kept free of Django imports so the parent process can parse them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    people: int
    interactions: int
    links: int
    interviews: int
    organizations: int

    @classmethod
    def scaled(cls, name: str, people: int) -> Size:
        """A workspace with XL's ratios, so sizes differ only in scale."""
        r = people / XL.people
        return cls(
            name=name,
            people=people,
            interactions=round(XL.interactions * r),
            links=round(XL.links * r),
            interviews=round(XL.interviews * r),
            organizations=max(1, round(XL.organizations * r)),
        )

    def describe(self) -> str:
        return (
            f"{self.people:,} people, {self.interactions:,} interactions, {self.links:,} links, "
            f"{self.interviews:,} interviews, {self.organizations:,} organizations"
        )


# The XL workspace; the others keep its ratios.
XL = Size("XL", 30_000, 300_000, 150_000, 5_000, 1_500)
SIZES = {s.name: s for s in (Size.scaled("S", 500), Size.scaled("M", 5_000), XL)}


def size_named(name: str) -> Size:
    try:
        return SIZES[name.strip().upper()]
    except KeyError:
        raise ValueError(f"unknown size {name!r}; sizes are {', '.join(SIZES)}") from None
