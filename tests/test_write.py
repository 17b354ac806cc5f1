"""Files are written only when their bytes change; a site is published whole."""
import os

from generator.write import publish, write_tree


def test_writes_only_changed_files_and_removes_stale_ones(tmp_path):
    first = write_tree({"a/one.md": b"one\n", "a/two.md": b"two\n", "b/three.md": b"three\n"}, tmp_path)
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    before = (tmp_path / "a" / "one.md").stat().st_mtime_ns

    second = write_tree({"a/one.md": b"one\n", "a/two.md": b"TWO\n"}, tmp_path)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (tmp_path / "a" / "one.md").stat().st_mtime_ns == before
    assert (tmp_path / "a" / "two.md").read_text() == "TWO\n"
    assert not (tmp_path / "b").exists(), "an emptied folder is removed"


def test_a_folder_nobody_watches_gets_new_files_in_place_and_changes_by_rename(tmp_path, monkeypatch):
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(os.path.basename(b)), real_replace(a, b)))
    first = write_tree({"a/one.md": b"one\n", "two.md": b"two\n"}, tmp_path, watched=False)
    assert (first.written, renamed) == (2, []), "new files are written in place"
    second = write_tree({"a/one.md": b"ONE\n", "two.md": b"two\n"}, tmp_path, watched=False)
    assert (second.written, second.unchanged, renamed) == (1, 1, ["one.md"]), "a changed file is replaced whole"
    assert (tmp_path / "a" / "one.md").read_bytes() == b"ONE\n"
    write_tree({"three.md": b"3\n"}, tmp_path)
    assert renamed[-1] == "three.md", "a watched folder gets every file by rename"
    assert not list(tmp_path.rglob(".*.tmp"))


def test_hidden_files_are_kept_and_sources_copied(tmp_path):
    (tmp_path / ".lock").write_text("")
    source = tmp_path.parent / "source.txt"
    source.write_text("copied\n")
    write_tree({"x.md": source}, tmp_path)
    assert (tmp_path / "x.md").read_text() == "copied\n"
    assert (tmp_path / ".lock").exists()


def test_publish_keeps_unchanged_files_and_swaps_whole(tmp_path):
    built, out = tmp_path / "built", tmp_path / "out"
    write_tree({"index.html": b"home", "a/page.html": b"a", "old.html": b"old"}, built)
    publish(built, out)
    inode = (out / "index.html").stat().st_ino
    write_tree({"index.html": b"home", "a/page.html": b"A"}, built)
    result = publish(built, out)
    assert (result.written, result.unchanged, result.removed) == (1, 1, 1)
    assert (out / "index.html").stat().st_ino == inode, "an unchanged file is the same file"
    assert (out / "a" / "page.html").read_bytes() == b"A"
    assert not (out / "old.html").exists()
    assert sorted(os.listdir(tmp_path)) == ["built", "out"], "no temporary folder left behind"


def test_publish_recovers_from_an_interrupted_swap(tmp_path):
    built, out = tmp_path / "built", tmp_path / "out"
    write_tree({"index.html": b"new"}, built)
    old = tmp_path / ".out.old"
    write_tree({"index.html": b"previous"}, old)
    (tmp_path / ".out.new").mkdir()
    publish(built, out)
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["built", "out"]


def test_many_new_files_are_all_written_whole(tmp_path):
    files = {f"k{i % 3}/p{i}.md": f"page {i}\n".encode() * (i % 7 + 1) for i in range(450)}
    result = write_tree(files, tmp_path, watched=False)
    assert (result.written, result.unchanged) == (450, 0)
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*.md")} == files
    assert write_tree(files, tmp_path, watched=False).unchanged == 450
