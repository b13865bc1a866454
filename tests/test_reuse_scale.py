"""The reuse table at scale: vectorised MinHash signatures, size-ordered LSH clustering, sentence keys read
chunk by chunk, and the dataset's streamed reuse.parquet give the same table as the plain per-key procedure."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

import govtext
from govtext import dataset as D
from govtext import job
from govtext.analysis import find_reuse
from govtext.analysis import reuse as R
from govtext.dedupe import jaccard, shingles
from govtext.schema import frame
from govtext.synth import write_corpus
from govtext.text import segment_sections


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse")
    man = write_corpus(root / "corpus", 40, seed=11, formats=("txt",))
    sections = pd.concat([govtext.read_report(root / "corpus" / f).sections for f in man["file"]], ignore_index=True)
    return root, segment_sections(sections)


def _plain_clusters(keys: list[str], threshold: float, ngram: int, num_perm: int, seed: int) -> np.ndarray:
    """The reference: a datasketch MinHash per key, each queried then inserted, candidates verified exactly."""
    lsh, parent = MinHashLSH(threshold=threshold, num_perm=num_perm), list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, key in enumerate(keys):
        mh = MinHash(num_perm=num_perm, seed=seed)
        mh.update_batch([s.encode("utf-8") for s in shingles(key, ngram)])
        for j in lsh.query(mh):
            if jaccard(shingles(key, ngram), shingles(keys[j], ngram)) >= threshold:
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
        lsh.insert(i, LeanMinHash(mh))
    return np.array([find(i) for i in range(len(keys))])


@pytest.mark.parametrize("keys", [["依申请公开", "", "的的的的", "ab", "a", "𠀀𠀁公开信息", "政务公开（一）"], [str(i) * 3 for i in range(40)]])
@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_signatures_are_datasketch_minhashes(keys, ngram):
    mh = MinHash(num_perm=64, seed=3)
    sig = R._signatures(keys, ngram, mh.permutations, R._GramHashes(ngram))
    for key, row in zip(keys, sig):
        m = MinHash(num_perm=64, seed=3)
        m.update_batch([s.encode("utf-8") for s in shingles(key, ngram)])
        assert (row == m.hashvalues).all(), key
    assert R._set_sizes(keys, ngram).tolist() == [len(shingles(k, ngram)) for k in keys]


def test_ngrams_longer_than_three_are_refused():
    with pytest.raises(ValueError, match="ngram"):
        R._gram_codes(["依申请公开"], 4)


@pytest.mark.parametrize("threshold", [0.95, 0.8, 0.6])
def test_clusters_equal_the_plain_procedure(built, threshold):
    keys = R.sentence_keys(built[1])["key"].cat.categories.tolist()
    rng = np.random.default_rng(0)  # near-duplicates: one character of a long key dropped
    keys += [k[:i] + k[i + 1:] for k in rng.choice([k for k in keys if len(k) > 30], 60) for i in [len(k) // 2]]
    keys = list(dict.fromkeys(keys))
    got = R._cluster_keys(keys, threshold, 3, 128, 1)
    want = _plain_clusters(keys, threshold, 3, 128, 1)
    assert (got == want).all()
    assert len(set(want)) < len(keys)  # some keys were joined


def test_keys_in_chunks_give_the_whole_table(built):
    sentences = built[1]
    reports = pd.DataFrame({"report_id": sentences["report_id"].unique()})
    reports = reports.assign(agency=reports["report_id"].str[:2], year=2022)
    whole = find_reuse(sentences, reports, template_agencies=3)
    bounds = [0, 100, 101, 900, len(sentences)]
    keys = R.concat_keys([R.sentence_keys(sentences.iloc[a:b], start=a) for a, b in zip(bounds, bounds[1:])])
    chunked = R.reuse_table(keys, reports, template_agencies=3)
    pd.testing.assert_frame_equal(chunked.drop(columns="text"), whole.drop(columns="text"))
    assert (sentences["text"].iloc[keys["row"]].to_numpy() == whole["text"].to_numpy()).all()
    pd.testing.assert_frame_equal(whole, frame("reuse", whole.to_dict("records")))
    assert whole["cluster"].notna().any() and whole["template"].any()


def test_empty_and_short_sentences():
    short = frame("sentences", [{"report_id": "a", "section": "other", "sentence": 0, "text": "短。"}])
    for sentences in (frame("sentences", []), short):
        pd.testing.assert_frame_equal(find_reuse(sentences, pd.DataFrame({"report_id": ["a"], "agency": ["A"], "year": [2022]})),
                                      frame("reuse", []))
    assert R.concat_keys([]).empty


def test_finished_dataset_reuse_equals_find_reuse(built):
    root, _ = built
    job.build_dataset(root / "corpus", root / "data", jobs=1)
    D.finish_dataset(root / "data", chunk_reports=7, jobs=1)
    tables = D.read_dataset(root / "data")
    reports = tables["reports"]
    reports = reports.assign(agency=reports["report_id"].map(D.report_agencies(tables["panel"])).fillna(reports["agency"]))
    pd.testing.assert_frame_equal(tables["reuse"], find_reuse(tables["sentences"], reports))
    pd.testing.assert_frame_equal(tables["sentences"], segment_sections(tables["sections"]))
