"""A Chinese word tokenizer for the reports that owns its jieba segmenter.

:class:`Tokenizer` wraps a private segmenter (jieba's global ``jieba.dt`` is
never touched): by default jieba-rs through ``rjieba``, jieba's dictionary and
algorithm (prefix DAG, HMM for unknown words) in Rust, which gives jieba's own
words several times faster; ``engine="jieba"`` uses :class:`jieba.Tokenizer`
itself, and part-of-speech tagging always does (``jieba.posseg``: rjieba's
tags differ). Either is loaded with the domain dictionary
``resources/domain_dict.txt`` (open-government terms such as 依申请公开,
政府信息公开专栏, 三级审查 kept whole), drops stopwords (the ``stopwordsiso``
Chinese list plus ``resources/domain_stopwords.txt``), punctuation and bare
numbers, and optionally tags parts of speech, filters by them and adds n-grams.
Constructor arguments are stored unchanged (scikit-learn style); the jieba
segmenter is built on first use and dropped when pickled, so an instance can be
passed as ``tokenizer=`` to scikit-learn vectorizers and sent to workers.

Examples
--------
>>> tok = Tokenizer()
>>> tok("我局通过政府信息公开专栏主动公开政府信息。")
['我局', '政府信息公开专栏', '主动公开', '政府信息']
>>> Tokenizer(pos_filter=("n",))("严格落实三级审查制度")
['三级审查', '制度']
"""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import re
from functools import cached_property, lru_cache
from importlib import resources
from typing import Iterable, Sequence

import jieba
import stopwordsiso

from govtext.normalize import to_halfwidth

DOMAIN_DICT = "domain_dict.txt"
DOMAIN_STOPWORDS = "domain_stopwords.txt"
#: a token with at least one letter, digit or ideograph (punctuation and spaces are dropped)
_WORDLIKE = re.compile(r"\w")
#: a bare number or percentage, with or without a unit-less decimal part
_NUMERIC = re.compile(r"[\d.,%]+")
#: most texts whose tokens a tokenizer remembers (reports repeat much of their wording); then it starts afresh
MEMO_SENTENCES = 50_000
#: only pieces up to this long (sentences) are remembered, not whole unpunctuated documents
MEMO_MAX_CHARS = 300
#: where a text is cut into pieces tokenized (and remembered) one by one: after a character jieba
#: itself never joins to the next (its blocks are runs of ideographs, letters, digits and ``+#&._%-``),
#: so the tokens are those of the whole text
_PIECE_END = re.compile(r"(?<=[。！？；;!?\n])")


#: the segmenters of untagged tokens: jieba-rs through rjieba (default) and jieba
ENGINES = ("rjieba", "jieba")


#: how jieba's HMM step (``jieba.finalseg``) cuts a run of other characters: letters and digits (a decimal
#: part and a % sign included) apart from the rest; jieba-rs keeps such a run whole ("1-12" is jieba's
#: "1", "-", "12")
_ASCII_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def _ascii_pieces(word: str) -> list[str]:
    """``word``, a run of ASCII characters not in the dictionary, cut as jieba's HMM step cuts it.

    >>> _ascii_pieces("1-12"), _ascii_pieces("2.5%")
    (['1', '-', '12'], ['2.5%'])
    """
    return [p for p in _ASCII_PIECE.split(word) if p]


def _resource_lines(name: str) -> list[str]:
    text = resources.files("govtext.resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def domain_terms() -> list[tuple[str, int, str]]:
    """The domain dictionary as ``(word, frequency, pos)`` rows.

    Examples
    --------
    >>> ("依申请公开", "nz") in {(w, p) for w, _, p in domain_terms()}
    True
    """
    rows = []
    for line in _resource_lines(DOMAIN_DICT):
        word, freq, pos = line.split()
        rows.append((word, int(freq), pos))
    return rows


@lru_cache(maxsize=1)
def domain_dict_sha256() -> str:
    """sha256 of the domain dictionary resource."""
    return hashlib.sha256(resources.files("govtext.resources").joinpath(DOMAIN_DICT).read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _segmenter(with_domain: bool) -> jieba.Tokenizer:
    """A private jieba segmenter (jieba's default dictionary, plus the domain terms), shared by govtext's tokenizers."""
    seg = jieba.Tokenizer()
    seg.initialize()
    if with_domain:
        for word, freq, pos in domain_terms():
            seg.add_word(word, freq, pos)
    return seg


@lru_cache(maxsize=4)
def _rust_segmenter(with_domain: bool):
    """A private jieba-rs segmenter (``rjieba.Jieba``: jieba's default dictionary built in), plus the domain terms."""
    import rjieba

    seg = rjieba.Jieba()
    if with_domain:
        for word, freq, pos in domain_terms():
            seg.add_word(word, freq, pos)
    return seg


@lru_cache(maxsize=4)
def _tagger(with_domain: bool):
    """A POS tagger (``jieba.posseg.POSTokenizer``) on the private segmenter; imported here, as
    jieba.posseg reads jieba's whole dictionary when imported."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_segmenter(with_domain))


@lru_cache(maxsize=1)
def _rjieba_version() -> str:
    return md.version("rjieba")


@lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """stopwordsiso's Chinese stopwords plus the domain stopword list."""
    return frozenset(stopwordsiso.stopwords("zh")) | frozenset(_resource_lines(DOMAIN_STOPWORDS))


class Tokenizer:
    """Callable tokenizer: ``text -> list of tokens``.

    Parameters
    ----------
    domain_dict : bool
        load the domain dictionary (default True).
    stopwords : bool
        drop the default stopwords (stopwordsiso zh + domain list).
    extra_stopwords : iterable of str
        more words to drop.
    pos_filter : sequence of str, optional
        keep only tokens whose jieba POS tag starts with one of these (e.g.
        ``("n", "v")``); tagging uses jieba's HMM tagger and is slower.
    tag : bool
        tag parts of speech (for :meth:`tag` and the tokens frame) even without a filter.
    ngram_range : (int, int)
        n-grams added by ``__call__``, words joined by a space (scikit-learn's convention).
    keep_numbers : bool
        keep bare numbers (33, 2.5, 100%).
    min_chars : int
        drop tokens shorter than this.
    hmm : bool
        let jieba's HMM join unknown words.
    engine : {"rjieba", "jieba"}
        segmenter of untagged tokens (see :data:`ENGINES`); tagging always uses jieba.

    Examples
    --------
    >>> Tokenizer(ngram_range=(1, 2))("依申请公开办理")
    ['依申请公开', '办理', '依申请公开 办理']
    >>> Tokenizer().provenance()["jieba_version"] == jieba.__version__
    True
    """

    def __init__(self, *, domain_dict: bool = True, stopwords: bool = True, extra_stopwords: Iterable[str] = (),
                 pos_filter: Sequence[str] | None = None, tag: bool = False, ngram_range: tuple[int, int] = (1, 1),
                 keep_numbers: bool = False, min_chars: int = 1, hmm: bool = True, engine: str = "rjieba"):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose from {list(ENGINES)}")
        self.domain_dict = domain_dict
        self.stopwords = stopwords
        self.extra_stopwords = tuple(extra_stopwords)
        self.pos_filter = tuple(pos_filter) if pos_filter else None
        self.tag = tag
        self.ngram_range = tuple(ngram_range)
        self.keep_numbers = keep_numbers
        self.min_chars = min_chars
        self.hmm = hmm
        self.engine = engine

    # -- settings and provenance -------------------------------------------------
    def get_params(self) -> dict:
        """Constructor arguments, as given."""
        return {k: getattr(self, k) for k in ("domain_dict", "stopwords", "extra_stopwords", "pos_filter", "tag",
                                               "ngram_range", "keep_numbers", "min_chars", "hmm", "engine")}

    def provenance(self) -> dict:
        """jieba's (and rjieba's) version, domain dictionary sha256 and settings: what a derived frame records."""
        return {"jieba_version": jieba.__version__,
                "rjieba_version": _rjieba_version() if self.engine == "rjieba" else None,
                "domain_dict_sha256": domain_dict_sha256() if self.domain_dict else None,
                "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in self.get_params().items()}}

    @property
    def key(self) -> str:
        """A short hash of :meth:`provenance`, for cache keys."""
        return hashlib.sha256(json.dumps(self.provenance(), sort_keys=True).encode()).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"Tokenizer({', '.join(f'{k}={v!r}' for k, v in self.get_params().items())})"

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    # -- tokenizing ----------------------------------------------------------------
    @cached_property
    def _drop(self) -> frozenset[str]:
        return (default_stopwords() if self.stopwords else frozenset()) | frozenset(self.extra_stopwords)

    @property
    def tagging(self) -> bool:
        """Whether tokens carry POS tags (a POS filter or ``tag=True``)."""
        return bool(self.pos_filter) or self.tag

    def _keep(self, w: str) -> bool:
        return (w not in self._drop and len(w) >= self.min_chars and _WORDLIKE.search(w) is not None
                and (self.keep_numbers or _NUMERIC.fullmatch(w) is None))

    @cached_property
    def _kept(self) -> dict[str, bool]:
        """Memo of :meth:`_keep` per word form (a corpus has far fewer forms than tokens)."""
        return {}

    def _filter(self, words: list[str]) -> list[str]:
        memo, keep = self._kept, self._keep
        out = []
        for w in words:
            k = memo.get(w)
            if k is None:
                k = memo[w] = keep(w)
            if k:
                out.append(w)
        return out

    @cached_property
    def _tagged_memo(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        """Memo of :meth:`tagged` per text (template and copied sentences recur across reports)."""
        return {}

    def tagged(self, text: str) -> list[tuple[str, str | None]]:
        """Unigram tokens with their POS tag (None when not tagging), after filtering.

        The text is tokenized sentence by sentence (cut where jieba cuts
        anyway, so the tokens are those of the whole text) and each sentence's
        result is remembered (up to :data:`MEMO_SENTENCES` sentences of at most
        :data:`MEMO_MAX_CHARS` characters), so wording repeated within a
        paragraph or across reports is segmented once.

        Examples
        --------
        >>> Tokenizer(tag=True).tagged("开展行政复议")
        [('开展', 'v'), ('行政复议', 'nz')]
        """
        return [t for piece in _PIECE_END.split(text) if piece for t in self._remembered(piece)]

    def _remembered(self, text: str) -> tuple[tuple[str, str | None], ...]:
        if len(text) > MEMO_MAX_CHARS:
            return tuple(self._tag(text))
        memo = self._tagged_memo
        found = memo.get(text)
        if found is None:
            if len(memo) >= MEMO_SENTENCES:
                memo.clear()
            found = memo[text] = tuple(self._tag(text))
        return found

    def _tag(self, text: str) -> list[tuple[str, str | None]]:
        text = to_halfwidth(text)
        if not self.tagging:
            return [(w, None) for w in self._filter(self._cut(text))]
        pairs = _tagger(self.domain_dict).lcut(text, HMM=self.hmm)
        keep = self.pos_filter
        return [(p.word, p.flag) for p in pairs if self._keep(p.word) and (not keep or p.flag.startswith(keep))]

    def _cut(self, text: str) -> list[str]:
        if self.engine == "jieba":
            return _segmenter(self.domain_dict).lcut(text, HMM=self.hmm)
        seg = _rust_segmenter(self.domain_dict)
        words = seg.cut(text, hmm=self.hmm)
        if not self.hmm:
            return words
        return [piece for w in words
                for piece in (_ascii_pieces(w) if w.isascii() and not w.isalnum() and not seg.has_word(w) else (w,))]

    def __call__(self, text: str) -> list[str]:
        words = [w for w, _ in self.tagged(text)]
        lo, hi = self.ngram_range
        if (lo, hi) == (1, 1):
            return words
        out = words if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            out = out + [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        return out
