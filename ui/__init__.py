"""The Streamlit shell's shared code: settings sidebar, URL codec, caches, page frame.

Not a page: pages live in `pages/` and `app.py`, and only compose what is here with the planner.
"""

# Imported here, once, before any page runs: Streamlit imports pandas lazily (the first
# st.dataframe of the process, e.g. the Library's saved-plans table), and Plotly meanwhile looks
# pandas up in sys.modules without importing it. A chart drawn in another session during that
# first import met the half-initialised module: "AttributeError: partially initialized module
# 'pandas' has no attribute 'Series'" shown as an app error (found by benchmarks/bench_load.py).
import pandas  # noqa: E402, F401
