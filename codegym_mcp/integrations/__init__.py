"""Bridges to other frameworks (each an optional extra), and what they share."""

from __future__ import annotations

SYSTEM_PROMPT = ("You are solving a coding task through tools. You only see what tools return. "
                 "Call Observe() first, use the other tools to work the problem out, then call Done(answer) once.")
