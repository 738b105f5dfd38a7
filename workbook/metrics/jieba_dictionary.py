"""jieba tokenizers whose dictionary holds only what some texts can look up, loaded in milliseconds.

jieba segments a text by looking up its substrings in a prefix dictionary (half a million words and prefixes,
0.6 s to load). Every lookup is a substring of the text being cut (or of a word being added), so a dictionary of
the entries whose first character occurs in those texts, with the same total, segments them exactly as the whole
one does. The dictionary is kept once per jieba version, split by first character ("shards"), beside jieba's own
cache of it; a tokenizer for a few thousand distinct characters reads only their shards.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 1
# Beyond this many distinct characters a partial dictionary is most of the whole one: load the whole.
MOST_CHARACTERS = 1000


def import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba only uses it to open its own files, for which it falls back to
    a path beside its module, and importing pkg_resources costs 0.15 s of every command that reads texts."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def shards_path() -> Path:
    """Where the shards of the installed jieba's dictionary are kept (named by its version and dictionary file)."""
    jieba = import_jieba()

    source = Path(jieba.__file__).with_name("dict.txt")
    stat = source.stat()
    key = f"{FORMAT}:{jieba.__version__}:{stat.st_size}:{stat.st_mtime_ns}"
    # The same folder as jieba's own cache of this dictionary (tempfile's), so both live and go together.
    return Path(tempfile.gettempdir()) / f"workbook-jieba-{hashlib.sha256(key.encode()).hexdigest()[:12]}.shards"


def write_shards(tokenizer: Any, path: Path) -> None:
    """Keep an initialised tokenizer's dictionary (before any word is added to it) as shards; a folder that cannot
    be written only means the next process loads the whole dictionary again."""
    groups: dict[str, dict[str, int]] = {}
    for word, freq in tokenizer.FREQ.items():
        groups.setdefault(word[0], {})[word] = freq
    blobs = [marshal.dumps(words) for words in groups.values()]
    index, offset = {}, 0
    for first, blob in zip(groups, blobs, strict=True):
        index[first] = (offset, len(blob))
        offset += len(blob)
    head = marshal.dumps({"total": tokenizer.total, "shards": index})
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        with tmp.open("wb") as out:
            out.write(len(head).to_bytes(8, "little"))
            out.write(head)
            out.writelines(blobs)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


@cache
def _head(path: Path) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """The shards file's head: its size, the dictionary's total and where each first character's shard lies."""
    with path.open("rb") as shards:
        size = int.from_bytes(shards.read(8), "little")
        head = marshal.loads(shards.read(size))
    return size, int(head["total"]), dict(head["shards"])


def partial_tokenizer(texts: Iterable[str], dictionary: tuple[str, ...]) -> Any | None:
    """A tokenizer that cuts `texts` exactly as one with the whole dictionary would, with the client's
    `dictionary` added; None when no shards are kept or the texts hold too many distinct characters."""
    characters = {ch for text in [*texts, *dictionary] for ch in text}
    path = shards_path()
    if len(characters) > MOST_CHARACTERS or not path.is_file():
        return None
    jieba = import_jieba()

    freq: dict[str, int] = {}
    try:
        size, total, index = _head(path)
        with path.open("rb") as shards:
            for ch in characters:
                if (where := index.get(ch)) is not None:
                    shards.seek(8 + size + where[0])
                    freq.update(marshal.loads(shards.read(where[1])))
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None  # a damaged file: the whole dictionary serves instead
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    for term in dictionary:
        tokenizer.add_word(term)
    return tokenizer
