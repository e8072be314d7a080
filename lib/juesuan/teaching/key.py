"""The answer key: salted hashes ship with the course, the rules that compute the answers stay
with the teacher.

A student's package can check an answer — its canonical form (rounded to the decimals the
exercise asks for) hashed with the course's salt must equal the shipped hash of the right answer
for that exercise and subject — but cannot print it: `teaching.expected` needs the teacher's key,
`notebooks/teaching/solutions/answer_key.py` (a `RULES` dict: exercise id → compute(tables,
subject)). Load it with `use_key(path)` or the environment variable `JUESUAN_TEACHER_KEY`; with it
the checker computes the answers from the data and gives its fullest hints (too high / too low,
rounding). `juesuan teaching key` rebuilds the hashes for every exercise on every document of the
corpus after the data change.

The hash is PBKDF2-SHA256 with 20,000 iterations: looking an answer up is instant for the checker
but trying every number with two decimals between 0 and 10,000 takes hours. It deters, it does not
encrypt: a student who does the exercise gets the answer anyway — that is the point.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import secrets
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl

from juesuan.teaching import answers

HASHES = Path(__file__).with_name("answer_hashes.json")
ENV = "JUESUAN_TEACHER_KEY"
ITERATIONS = 20_000

Rules = Mapping[str, Callable[[Mapping[str, pl.DataFrame], str], object]]
_loaded: dict[str, Rules | None] = {}


def canonical(kind: answers.Kind, value: object) -> str:
    """The form an answer is compared (and hashed) in: a number rounded half-up to the decimals
    the exercise asks for, a count as an integer, a code or a choice as its text."""
    if isinstance(kind, answers.Number):
        exact = Decimal(repr(round(float(value), 9)))
        text = str(exact.quantize(Decimal(1).scaleb(-kind.decimals), rounding=ROUND_HALF_UP))
        return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text
    if isinstance(kind, answers.Count):
        return str(int(value))
    return str(value)


def digest(salt: str, exercise_id: str, subject: str, canon: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", f"{exercise_id}|{subject}|{canon}".encode(),
                               salt.encode(), ITERATIONS).hex()[:32]


@functools.cache
def _shipped(path: Path) -> dict:
    if not path.exists():
        return {"salt": "", "answers": {}}
    return json.loads(path.read_text("utf-8"))


def shipped(path: Path | None = None) -> dict:
    """The shipped hashes: {"salt", "iterations", "answers": {exercise: {subject: hash}}}."""
    return _shipped(path or HASHES)


def stored_hash(exercise_id: str, subject: str) -> tuple[str, str] | None:
    """(salt, hash) of the right answer, or None when the key has no such subject."""
    data = shipped()
    h = data["answers"].get(exercise_id, {}).get(subject)
    return None if h is None else (data["salt"], h)


def _load(path: Path) -> Rules:
    spec = importlib.util.spec_from_file_location("juesuan_teacher_answer_key", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RULES


def use_key(path: str | Path | None) -> None:
    """Use the teacher's answer key (a file, or a folder holding answer_key.py); None: go back to
    the shipped hashes (a student's view)."""
    if path is None:
        _loaded["rules"] = None
        return
    path = Path(path)
    if path.is_dir():
        path = path / "answer_key.py"
    _loaded["rules"] = _load(path)


def teacher_rules() -> Rules | None:
    """The teacher's rules when a key is in use (`use_key`, or $JUESUAN_TEACHER_KEY); else None."""
    if "rules" not in _loaded and os.environ.get(ENV):
        use_key(os.environ[ENV])
    return _loaded.get("rules")


def build(tables: Mapping[str, pl.DataFrame], rules: Rules, salt: str | None = None) -> dict:
    """Hashes of every exercise's answer on every document of `tables` that states it."""
    from juesuan.teaching.exercises import EXERCISES  # exercises imports this module's users

    salt = salt or secrets.token_hex(16)
    out: dict[str, dict[str, str]] = {}
    for ex_id, ex in EXERCISES.items():
        out[ex_id] = {}
        for doc in tables["documents"].sort("doc_id")["doc_id"]:
            subject = ex.subject(tables, doc)
            value = None if subject is None else rules[ex_id](tables, subject)
            if value is not None:
                out[ex_id][subject] = digest(salt, ex_id, subject, canonical(ex.kind, value))
    return {"salt": salt, "iterations": ITERATIONS, "answers": out}


def write(data: dict, path: Path | None = None) -> Path:
    path = path or HASHES
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    _shipped.cache_clear()
    return path
