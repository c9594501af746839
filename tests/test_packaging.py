"""The package stands alone: a built wheel, installed in a fresh virtual environment, plans.

This is the whole journey of someone who installs the wheel: build it from a copy of the
sources, make a new venv, pip-install the wheel (its dependencies come from the package index),
and run the `back-planner` command from a folder where the repository is not importable. The
YAML data must come from inside the installed package (importlib.resources), not from data/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ("build", "--goal", "growth", "--experience", "intermediate", "--equipment", "full_gym")

pytestmark = pytest.mark.packaging


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{args}: {result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("planner", "data"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    dist = work / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source, cwd=work)
    (wheel,) = dist.glob("back_planner-*.whl")
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=work)
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=work)
    (work / "wheel-name").write_text(str(wheel))
    return venv / "bin"


def test_the_wheel_carries_every_data_file_inside_the_package(installed):
    wheel = Path((installed.parent.parent / "wheel-name").read_text())
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = sorted(p.name for p in (ROOT / "data").glob("*.yaml"))
    assert data_files, "data/ has YAML files"
    assert {f"planner/data/{name}" for name in data_files} <= names
    assert not any(name.startswith("data/") for name in names)


def test_the_installed_planner_reads_its_data_from_the_installed_package(installed, tmp_path):
    where = _run(
        installed / "python", "-c", "from planner.datafile import DATA_DIR; print(DATA_DIR)",
        cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(installed.parent)), where
    assert not where.startswith(str(ROOT))


def test_back_planner_build_from_the_installed_wheel_prints_the_same_plan_as_the_repository(
    installed, tmp_path
):
    for extra in ((), ("--goal", "strength", "--weeks", "8", "--sessions", "3")):
        args = (*BUILD, *extra, "--format", "json")
        from_wheel = _run(installed / "back-planner", *args, cwd=tmp_path).stdout
        from_repo = _run(sys.executable, "-m", "planner", *args, cwd=ROOT).stdout
        assert from_wheel == from_repo
        assert '"weeks"' in from_wheel


def test_back_planner_text_output_from_the_installed_wheel_reads_as_a_plan(installed, tmp_path):
    text = _run(installed / "back-planner", *BUILD, "--format", "text", cwd=tmp_path).stdout
    assert text.startswith("Muscle growth block, intermediate: 5 weeks x 2 sessions")
    assert "Week 1" in text and "Session 1" in text
