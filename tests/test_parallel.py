"""The generator's stages split over processes (generator.parallel) give the same
output as one process, pass a child's error on, and survive a child that dies."""
import os

import pytest

from generator import parallel
from generator.build import load_knowledge_base, pages
from sitebuild import ROOT


@pytest.fixture
def forking(monkeypatch):
    """Fork for any amount of work, into three processes, even with test threads running."""
    monkeypatch.setattr(parallel, "MIN_WORK", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)


def test_split_keeps_order_and_balance():
    assert parallel.split(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert parallel.split([1], 4) == [[1]]


def test_rendering_in_three_processes_gives_the_same_pages(monkeypatch):
    kb = load_knowledge_base(ROOT / "content")
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    one = pages(kb)
    monkeypatch.setattr(parallel, "MIN_WORK", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    pids = set()
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            pids.add(pid)
        return pid

    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", fork)
    three = pages(kb)
    assert len(pids) == 2, "two children rendered two of the three parts"
    assert list(three) == list(one)
    assert three == one


def _fails_in_child(chunk):
    if os.getpid() != PARENT:
        raise ValueError(f"bad chunk {list(chunk)}")
    return list(chunk)


def _dies_in_child(chunk):
    if os.getpid() != PARENT:
        os._exit(3)
    return [x * 2 for x in chunk]


PARENT = os.getpid()


def test_a_childs_error_reaches_the_caller(forking):
    with pytest.raises(ValueError, match=r"bad chunk \[3, 4\]"):
        parallel.map_chunks(_fails_in_child, list(range(7)))


def test_a_dead_childs_part_is_done_again_here(forking):
    assert parallel.map_chunks(_dies_in_child, list(range(7))) == [[0, 2, 4], [6, 8], [10, 12]]


def test_reading_in_three_processes_gives_the_same_knowledge_base_and_problems(kb, monkeypatch):
    from generator.problems import ContentError

    serial = load_knowledge_base(ROOT / "content")
    (kb / "habits" / "broken.yml").write_text("title: T\ntitle: again\nsummary: [\n")
    (kb / "reasons" / "odd.yml").write_text("title: !!int 1\n")
    with pytest.raises(ContentError) as one:
        load_knowledge_base(kb)
    monkeypatch.setattr(parallel, "MIN_WORK", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    forked = load_knowledge_base(ROOT / "content")
    assert forked.items == serial.items
    assert {k: (d.values, d.keys) for k, d in forked.docs.items()} == {k: (d.values, d.keys) for k, d in serial.docs.items()}
    with pytest.raises(ContentError) as three:
        load_knowledge_base(kb)
    assert [str(p) for p in three.value.problems] == [str(p) for p in one.value.problems]
    assert any("broken.yml" in str(p) for p in one.value.problems)


def test_the_cycle_collector_is_paused_for_a_run_and_restored_after():
    import gc

    from generator.build import stage_run

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with stage_run():
            assert not gc.isenabled()
            with stage_run():  # nested: still paused, and not switched on early
                pass
            assert not gc.isenabled()
            raise RuntimeError("a failed run")
    assert gc.isenabled(), "back on after a failed run (a server keeps running)"
    gc.disable()
    try:
        with stage_run():
            pass
        assert not gc.isenabled(), "left off if it was off"
    finally:
        gc.enable()
