"""The shipped YAML data files, installed as the package `planner.data` (see pyproject.toml).

The planner reads them through importlib.resources (planner/datafile.py), so a built wheel
carries them; this file only makes the folder an importable package.
"""
