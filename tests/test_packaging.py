"""The wheel carries the bundled notes, and kbtui installed from it finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import BUNDLED_NOTES, REPO


def test_wheel_ships_the_bundled_notes(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("kbtui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    expected = {
        f"kbtui/_notes/{p.relative_to(BUNDLED_NOTES).as_posix()}"
        for p in BUNDLED_NOTES.rglob("*.md")
    }
    assert expected and expected <= names
    assert {
        "kbtui/search/data/synonyms.txt",
        "kbtui/search/data/question_words.txt",
        "kbtui/app/kbtui.tcss",
    } <= names

    def run_from_wheel(code: str) -> str:
        found = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""},
        )
        return found.stdout.strip() + found.stderr

    notes = run_from_wheel("from kbtui.locations import bundled_notes_root as b; print(b())")
    assert notes == str(tmp_path / "site" / "kbtui" / "_notes")
    variants = run_from_wheel(
        "from kbtui.search.synonyms import load_synonyms as s; print(s().variants('梯度弥散'))"
    )
    assert "梯度消失" in variants
