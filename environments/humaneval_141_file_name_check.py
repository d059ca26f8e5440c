"""HumanEval/141: is a hidden file name valid? Checked character by character."""

from __future__ import annotations

import random
import string
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (9, 12), "medium": (13, 20), "hard": (21, 30)}
EXTENSIONS = ("txt", "exe", "dll")


class FileNameCheckEnv(Environment):
    """A file name (a string) is hidden; read it character by character. It is valid if and only if: it
    contains exactly one dot '.'; the part before the dot is not empty and starts with a Latin letter
    (a-z or A-Z); the part before the dot holds at most three digits '0'-'9'; and the part after the dot is
    exactly one of txt, exe, dll. The answer is the string "Yes" if the name is valid, otherwise "No"."""

    class Config(BaseModel):
        file_name: str

    answer_type = Literal["Yes", "No"]
    meta = EnvMeta(source="HumanEval/141", license="MIT (human-eval)", split="test", tags=("strings", "validation"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        ext = rng.choice(EXTENSIONS)
        body_len = n - 4
        digits = rng.randint(0, 3)
        body = [rng.choice(string.ascii_letters + "_-") for _ in range(body_len - digits)]
        body += [rng.choice(string.digits) for _ in range(digits)]
        rng.shuffle(body)
        body[0] = rng.choice(string.ascii_letters)
        fault = rng.choice(["none", "none", "none", "digits", "start", "ext", "dots", "nodot"])
        if fault == "digits":
            for i in rng.sample(range(1, body_len), 4):
                body[i] = rng.choice(string.digits)
        elif fault == "start":
            body[0] = rng.choice(string.digits + "_-")
        elif fault == "ext":
            ext = rng.choice(["txz", "pdf", "TXT", "ex", "dlll", "exe1", "doc"])
        elif fault == "dots":
            body[rng.randrange(1, body_len)] = "."
        name = "".join(body) + ("" if fault == "nodot" else ".") + ext
        return cls.Config(file_name=name)

    def observe(self) -> str:
        return f"A file name of {len(self.config.file_name)} characters is hidden."

    def reference_answer(self) -> str:
        name = self.config.file_name
        if name.count(".") != 1:
            return "No"
        before, after = name.split(".")
        ok = (after in EXTENSIONS and before != "" and before[0] in string.ascii_letters
              and sum(c in string.digits for c in before) <= 3)
        return "Yes" if ok else "No"

    def source_args(self) -> tuple[str]:
        return (self.config.file_name,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters of the hidden file name."""
        return len(self.config.file_name)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of the hidden file name.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.file_name):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.file_name)})")
        return self.config.file_name[index]

    @tool
    def CharKind(self, char: str) -> Literal["letter", "digit", "dot", "other"]:
        """Classify one character: "letter" (a-z, A-Z), "digit" (0-9), "dot" ('.') or "other".

        Args:
            char: a single character.
        """
        if len(char) != 1:
            raise ToolError("CharKind takes exactly one character")
        if char in string.ascii_letters:
            return "letter"
        return "digit" if char in string.digits else "dot" if char == "." else "other"

    @tool
    def IsAllowedExtension(self, extension: str) -> bool:
        """Whether a text is one of the allowed extensions txt, exe, dll (exact, case-sensitive).

        Args:
            extension: the part of the name after the dot.
        """
        return extension in EXTENSIONS

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        chars, kinds = [], []
        for i in range(env.GetLength()):
            chars.append(env.GetChar(index=i))
            kinds.append(env.CharKind(char=chars[-1]))
        if kinds.count("dot") != 1:
            env.Done(answer="No")
            return
        dot = kinds.index("dot")
        ok = dot > 0 and kinds[0] == "letter" and kinds[:dot].count("digit") <= 3
        ok = ok and env.IsAllowedExtension(extension="".join(chars[dot + 1:]))
        env.Done(answer="Yes" if ok else "No")
