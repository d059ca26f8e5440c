"""Reusable pieces for environments whose hidden data is one sequence.

`SequenceEnv` gives the two tools almost every such environment needs, `GetLength()` and
`GetElement(index)`, over the config field named by `sequence_field`, with a helpful range error.
`GridEnv` does the same for a hidden 2-D grid: `GetRows()`, `GetCols()` and a cell range check.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .env import Environment, ToolError, tool

__all__ = ["GridEnv", "SequenceEnv", "TallyMixin"]


class SequenceEnv(Environment):
    abstract = True
    sequence_field: ClassVar[str] = "nums"

    @property
    def sequence(self) -> Any:
        return getattr(self.config, self.sequence_field)

    def check_index(self, index: int) -> None:
        if not 0 <= index < len(self.sequence):
            raise ToolError(f"index {index} is out of range [0, {len(self.sequence)})")

    @tool
    def GetLength(self) -> int:
        """Return how many elements the hidden sequence holds."""
        return len(self.sequence)

    @tool
    def GetElement(self, index: int) -> Any:
        """Return the element at a position of the hidden sequence.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.sequence[index]


class GridEnv(Environment):
    abstract = True
    grid_field: ClassVar[str] = "grid"

    @property
    def grid(self) -> Any:
        return getattr(self.config, self.grid_field)

    def check_cell(self, row: int, col: int) -> None:
        rows, cols = len(self.grid), len(self.grid[0])
        if not (0 <= row < rows and 0 <= col < cols):
            raise ToolError(f"cell ({row}, {col}) is outside the grid: rows 0..{rows - 1}, cols 0..{cols - 1}")

    def source_args(self) -> tuple[list[list[Any]]]:
        return ([list(r) for r in self.grid],)

    @tool
    def GetRows(self) -> int:
        """Return the number of rows of the grid."""
        return len(self.grid)

    @tool
    def GetCols(self) -> int:
        """Return the number of columns of the grid."""
        return len(self.grid[0])


class TallyMixin(Environment):
    """A running integer total the agent keeps through tools."""

    abstract = True
    total: int = 0

    def reset(self, config: Any, seed: int | None = None) -> None:
        self.total = 0  # an instance may be reset for a new episode: the tally starts over
        super().reset(config, seed)

    @tool
    def AddToTotal(self, value: int) -> int:
        """Add a value to the running total; returns the new total.

        Args:
            value: the amount to add (may be negative).
        """
        self.total += value
        return self.total

    @tool
    def GetTotal(self) -> int:
        """Return the running total."""
        return self.total
