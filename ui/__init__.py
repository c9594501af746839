"""The Streamlit shell's shared code: settings sidebar, URL codec, caches, page frame.

Not a page: pages live in `pages/` and `app.py`, and only compose what is here with the planner.
"""
