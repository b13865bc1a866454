"""The dataset folder: derived tables, DuckDB views, a codebook covering every column, Stata/CSV exports."""
from __future__ import annotations

import doctest
import os

import pandas as pd
import pytest

from govtext import dataset as D
from govtext import job
from govtext.cli import main
from govtext.synth import write_corpus


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("ds")
    write_corpus(root / "corpus", 10, seed=5, formats=("txt", "md", "crawler"))
    job.build_dataset(root / "corpus", root / "data")
    return root / "data"


@pytest.mark.parametrize("module", [D, job])
def test_docstring_examples(module):
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_codebook_covers_every_column_of_every_table(data_dir):
    tables = D.read_dataset(data_dir)
    assert {"reports", "sections", "cells", "checks", "problems", "failures", "indicators"} <= set(tables)
    book = pd.read_csv(data_dir / "codebook.csv", keep_default_na=False)
    listed = set(zip(book["table"], book["column"]))
    for name, df in tables.items():
        for col in df.columns:
            assert (name, col) in listed, f"{name}.{col} missing from the codebook"
    for field in ("type", "label_zh", "label_en", "source"):
        empty = book[book[field].str.strip() == ""]
        assert empty.empty, f"codebook rows without {field}: {empty[['table', 'column']].values.tolist()}"
    markdown = (data_dir / "codebook.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in markdown for c in book["column"])


def test_duckdb_views_read_the_parquet_files_from_anywhere(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    con = D.connect(data_dir)
    for name, df in D.read_dataset(data_dir).items():
        assert con.execute(f'select count(*) from "{name}"').fetchone()[0] == len(df)
    con.close()


def test_finish_dataset_names_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="govtext build"):
        D.finish_dataset(tmp_path)


def test_stata_export_reads_back_with_labels(data_dir, tmp_path):
    paths = D.export(data_dir, "stata", target=tmp_path)
    assert {p.stem for p in paths} == set(D.read_dataset(data_dir))
    ind = D.read_dataset(data_dir)["indicators"]
    with pd.io.stata.StataReader(tmp_path / "indicators.dta") as reader:
        labels = reader.variable_labels()
        back = reader.read()
    assert len(back) == len(ind)
    assert labels["disclosure_rate"].startswith("公开率 | ")
    assert all(labels[c] for c in back.columns) and all(len(v) <= 80 for v in labels.values())
    pd.testing.assert_series_equal(back["disclosure_rate"], ind["disclosure_rate"], check_names=False, check_index=False)
    sections = pd.read_stata(tmp_path / "sections.dta")
    assert sections["text"].str.len().max() == D.read_dataset(data_dir)["sections"]["text"].str.len().max()


def test_csv_export_via_cli(data_dir, tmp_path, capsys):
    assert main(["export", str(data_dir), "--format", "csv", "--out", str(tmp_path)]) == 0
    back = pd.read_csv(tmp_path / "indicators.csv")
    assert len(back) == len(D.read_dataset(data_dir)["indicators"])
    assert (tmp_path / "codebook.csv").exists()


def test_stata_names_are_short_unique_ascii():
    taken: set[str] = set()
    names = [D.stata_name(n, taken) for n in ["a" * 40, "a" * 40, "中文", "1x"]]
    assert len(set(names)) == 4 and all(len(n) <= 32 and n.isascii() for n in names)
