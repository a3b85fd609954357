"""The bulk path: `export-quads` writes one N-Quads file per document, `load` bulk-loads them; same graph as `add`."""
from __future__ import annotations

import pytest
from small_corpus import document_text, sorted_quads, write_corpus

from graph.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def test_exported_quads_loaded_in_bulk_are_the_graph_add_writes(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 4)
    assert run(capsys, "--store", str(tmp_path / "added"), "add", str(corpus))[0] == 0
    code, out, _ = run(capsys, "export-quads", str(corpus), "--out", str(tmp_path / "quads"))
    assert code == 0 and out.count(" quads -> ") == 4
    assert sorted(path.name for path in (tmp_path / "quads").iterdir()) == [f"notice-0{n}.nq" for n in range(4)]
    code, out, _ = run(capsys, "--store", str(tmp_path / "loaded"), "load", str(tmp_path / "quads"))
    assert code == 0 and out.startswith("loaded 4 documents")
    assert sorted_quads(tmp_path / "loaded") == sorted_quads(tmp_path / "added")


def test_loading_again_replaces_each_document_graph_instead_of_adding_to_it(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    quads = tmp_path / "quads"
    assert run(capsys, "export-quads", str(corpus), "--out", str(quads))[0] == 0
    store = str(tmp_path / "store")
    assert run(capsys, "--store", store, "load", str(quads))[0] == 0
    first = sorted_quads(tmp_path / "store")
    (corpus / "notice-01.txt").write_text(document_text(7), encoding="utf-8")  # a new version of one document
    assert run(capsys, "export-quads", str(corpus / "notice-01.txt"), "--out", str(quads))[0] == 0
    assert run(capsys, "--store", store, "load", str(quads))[0] == 0
    assert run(capsys, "--store", str(tmp_path / "added"), "add", str(corpus))[0] == 0
    assert sorted_quads(tmp_path / "store") == sorted_quads(tmp_path / "added") != first


def test_a_folder_without_quads_or_with_a_broken_file_is_refused_in_one_line(capsys, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "--store", str(tmp_path / "store"), "load", str(empty))
    assert code == 1 and err == (f"policykg: error: {empty} holds no .nq files; write them with "
                                 f"`policykg export-quads FOLDER --out {empty}`\n")
    (empty / "broken.nq").write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path / "store"), "load", str(empty))
    assert code == 1 and err.startswith(f"policykg: error: {empty / 'broken.nq'} is not valid N-Quads (")
    assert err.count("\n") == 1


def test_a_file_broken_after_its_first_quad_is_named_though_the_files_load_in_parallel(capsys, tmp_path):
    quads = tmp_path / "quads"
    assert run(capsys, "export-quads", str(write_corpus(tmp_path / "corpus", 4)), "--out", str(quads))[0] == 0
    broken = quads / "notice-02.nq"
    broken.write_text(broken.read_text(encoding="utf-8") + "<https://example.org/a> .\n", encoding="utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path / "store"), "load", str(quads))
    assert code == 1 and err.startswith(f"policykg: error: {broken} is not valid N-Quads (")
    assert err.count("\n") == 1


def test_export_quads_refuses_a_file_as_its_out_folder(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 1)
    taken = tmp_path / "taken.nq"
    taken.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "export-quads", str(corpus), "--out", str(taken))
    assert code != 0 and "taken.nq" in err and err.count("\n") == 1
    assert taken.read_text(encoding="utf-8") == "keep me"
