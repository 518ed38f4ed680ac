"""`earmark rename`, `earmark delete` and the library service under them, on a real library."""

from __future__ import annotations

import shutil

from earmark.store import backups


def test_rename_changes_the_title_the_command_lists(run_cli, tone):
    """`earmark rename 1 "New"` renames; `episodes --json` shows the new title."""
    episode = run_cli("import", str(tone())).stdout.split()[-1]
    done = run_cli("rename", episode, "  A better   title ")
    assert done.returncode == 0, done.stderr
    listed = run_cli("episodes", "--json").stdout
    assert '"title": "A better title"' in listed


def test_delete_without_yes_refuses_and_keeps_the_episode(run_cli, tone):
    """`earmark delete 1` without `--yes`: exit 2, one line, the episode still listed."""
    episode = run_cli("import", str(tone())).stdout.split()[-1]
    done = run_cli("delete", episode)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--yes" in done.stderr
    assert run_cli("episodes", "--json").stdout.count('"id"') == 1


def test_delete_removes_audio_inside_the_library_only(run_cli, tone, library_dir, tmp_path):
    """Audio inside the library folder is removed; audio elsewhere is never touched."""
    inside = library_dir / "audio" / "in.wav"
    inside.parent.mkdir()
    shutil.copy(tone(name="in.wav"), inside)
    outside = tone(name="out.wav")
    first = run_cli("import", str(inside)).stdout.split()[-1]
    second = run_cli("import", str(outside)).stdout.split()[-1]
    assert run_cli("delete", first, "--yes").returncode == 0
    assert run_cli("delete", second, "--yes").returncode == 0
    assert not inside.exists()
    assert outside.is_file()
    assert run_cli("episodes", "--json").stdout.strip() == "[]"


def test_delete_backs_up_the_annotations_first(services, tone):
    """The backup made before deleting still holds the episode's highlight and note."""
    import sqlite3

    episode_id = services.importer.import_episode(tone(5.0))
    services.annotations.create_highlight(episode_id, 1.0, 2.0, note="keep me")
    services.annotations.save_episode_notes(episode_id, "my episode note")
    deleted = services.library.delete(episode_id)
    assert deleted.backup.parent == backups.backup_folder(services.database.path)
    with sqlite3.connect(deleted.backup) as copy:
        assert copy.execute("SELECT notes FROM episodes WHERE id = ?", (episode_id,)).fetchone() == (
            "my episode note",
        )
        assert copy.execute("SELECT note FROM highlights").fetchall() == [("keep me",)]
    assert services.library.episodes() == []


def test_restore_brings_back_the_same_episode_with_its_notes(services, tmp_path, tone):
    """Delete then restore: same id, notes, tags and highlight; audio inside the library moved back."""
    inside = services.folder / "a.wav"
    shutil.copy(tone(5.0), inside)
    episode_id = services.importer.import_episode(inside)
    services.annotations.save_episode_notes(episode_id, "note")
    services.annotations.set_episode_tags(episode_id, ["t1"])
    services.library.save_position(episode_id, 2.5)
    deleted = services.library.delete(episode_id)
    assert not inside.exists()
    assert services.library.restore(deleted) == episode_id
    assert inside.is_file()
    episode = services.library.episode(episode_id)
    assert (episode.notes, episode.tags, episode.last_position) == ("note", ["t1"], 2.5)


def test_marking_played_rewinds_and_is_listed(services, tone):
    """Mark played: the episode is in `played()` and its position is back at 0; unplayed undoes it."""
    episode_id = services.importer.import_episode(tone(5.0))
    services.library.save_position(episode_id, 3.0)
    services.library.set_played(episode_id)
    assert services.library.played() == {episode_id}
    assert services.library.episode(episode_id).last_position == 0.0
    services.library.set_played(episode_id, False)
    assert services.library.played() == set()
