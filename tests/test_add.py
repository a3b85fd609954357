"""Adding real inputs: folders of mixed documents, unchanged files, and the corpus-wide parse."""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from conftest import TEXT
from pdfs import make_pdf

from extract.corpus import extract_many
from extract.ingest import LoadedText
from extract.pipeline import extract_text
from graph.cli import main
from graph.store import list_sources, open_store

PDF = make_pdf([["The Office shall set up a register by 2015."], ["Universities shall train examiners."]])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def loaded(name: str, text: str) -> LoadedText:
    return LoadedText(Path(name), text, name, "text/plain", hashlib.sha256(text.encode()).hexdigest(), None)


def test_one_parse_over_many_documents_gives_what_each_alone_gives():
    texts = {"notice.txt": TEXT, "blank.txt": "   \n", "title.txt": "Opinions\n",
             "other.txt": TEXT.replace("2020", "2030")}
    for done, (name, text) in zip(extract_many([loaded(n, t) for n, t in texts.items()], batch_size=4), texts.items()):
        alone = extract_text(text, name)
        alone.file_sha256 = hashlib.sha256(text.encode()).hexdigest()
        assert dataclasses.asdict(done.extraction) == dataclasses.asdict(alone)
        assert (done.tokens > 0) == bool(alone.sentences)


def test_a_folder_is_read_recursively_and_files_that_cannot_be_read_are_skipped(capsys, tmp_path):
    folder = tmp_path / "policies"
    (folder / "2015").mkdir(parents=True)
    (folder / "notice.txt").write_text(TEXT, encoding="utf-8")
    (folder / "2015" / "order.pdf").write_bytes(PDF)
    (folder / "2015" / "page.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (folder / "2015" / "damaged.pdf").write_bytes(PDF[:200])
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "2015" / "charter.md").write_text(f"# Charter\n\n{TEXT}", encoding="utf-8")
    (folder / "2015" / "notice.txt").write_text(TEXT, encoding="utf-8")  # read first: folders are walked in name order
    store = tmp_path / "store"
    code, out, err = run(capsys, "--store", str(store), "add", str(folder))
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == ["charter", "notice", "order", "page", "store"]
    warnings = err.splitlines()
    assert all(line.startswith("policykg: warning: ") for line in warnings) and len(warnings) == 3
    assert "damaged.pdf is not a readable PDF" in err and "README.md skipped: a project's notes" in err
    assert f"{folder / 'notice.txt'} skipped: it would replace {folder / '2015' / 'notice.txt'}" in err
    assert sorted(source.source_id for source in list_sources(open_store(store, read_only=True))) == [
        "charter", "notice", "order", "page"]


def test_the_source_keeps_its_file_name_and_the_hash_of_its_bytes(capsys, tmp_path):
    (tmp_path / "order.pdf").write_bytes(PDF)
    run(capsys, "--store", str(tmp_path / "store"), "add", str(tmp_path / "order.pdf"))
    [source] = list_sources(open_store(tmp_path / "store", read_only=True))
    assert source.name == "order.pdf"
    assert source.file_sha256 == hashlib.sha256(PDF).hexdigest() != source.sha256  # the text's is another


def test_an_unchanged_file_is_skipped_unless_forced_or_rebuilt(capsys, tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text(TEXT, encoding="utf-8")
    store = str(tmp_path / "store")
    assert run(capsys, "--store", store, "add", str(notice))[1].startswith("notice: 3 duties")
    assert run(capsys, "--store", store, "add", str(notice))[1].startswith("notice: unchanged, skipped\n")
    assert run(capsys, "--store", store, "add", "--force", str(notice))[1].startswith("notice: 3 duties")
    assert run(capsys, "--store", store, "build", str(notice))[1].startswith("notice: 3 duties")
    notice.write_text(TEXT.replace("2020", "2025"), encoding="utf-8")
    assert run(capsys, "--store", store, "add", str(notice))[1].startswith("notice: 3 duties")
