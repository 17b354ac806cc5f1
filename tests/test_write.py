"""Pages are written only when their bytes change, and stale pages are removed."""
from generator.write import MANIFEST, write_pages


def test_writes_only_changed_pages_and_removes_stale_ones(tmp_path):
    first = write_pages({"a/one.md": "one\n", "a/two.md": "two\n", "b/three.md": "three\n"}, tmp_path)
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    before = (tmp_path / "a" / "one.md").stat().st_mtime_ns

    second = write_pages({"a/one.md": "one\n", "a/two.md": "TWO\n"}, tmp_path)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (tmp_path / "a" / "one.md").stat().st_mtime_ns == before
    assert (tmp_path / "a" / "two.md").read_text() == "TWO\n"
    assert not (tmp_path / "b").exists(), "an emptied folder of generated pages is removed"
    assert (tmp_path / MANIFEST).read_text().split() == ["a/one.md", "a/two.md"]


def test_hand_written_files_are_never_removed(tmp_path):
    (tmp_path / "about.md").write_text("mine\n")
    write_pages({"x.md": "x\n"}, tmp_path)
    write_pages({}, tmp_path)
    assert (tmp_path / "about.md").read_text() == "mine\n"
    assert not (tmp_path / "x.md").exists()
