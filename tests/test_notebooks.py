"""Every notebook runs top to bottom under papermill on a small synthetic corpus, and is stored without outputs."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from govtext import build_dataset
from govtext.synth import write_corpus

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
papermill = pytest.importorskip("papermill")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("nb")
    write_corpus(root / "corpus", 8, seed=2, formats=("txt", "md"))
    build_dataset(root / "corpus", root / "data")
    return root


def test_the_six_notebooks_are_there():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs_and_has_parameters(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, corpus, tmp_path):
    params = {"corpus": str(corpus / "corpus"), "data_dir": str(corpus / "data"), "fig_dir": str(tmp_path / "figures")}
    if path.stem.startswith("02"):
        params["data_dir"] = str(tmp_path / "data")
    declared = nbformat.read(path, as_version=4).cells
    source = next(c.source for c in declared if "parameters" in c.metadata.get("tags", []))
    params = {k: v for k, v in params.items() if f"{k} =" in source}
    papermill.execute_notebook(str(path), str(tmp_path / path.name), parameters=params, cwd=str(path.parent),
                               kernel_name="python3", progress_bar=False)
    executed = nbformat.read(tmp_path / path.name, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
