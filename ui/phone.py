"""Phone width (390 px): cards instead of wide tables, and a sidebar that closes after a change.

Streamlit lays pages out the same at every width, so a table wide enough for a laptop breaks its
cells ("2 x 8-/10") or hides columns in a second scroll area on a phone. Pages draw such a table
twice, through `wide_or_cards`: the table, and the same rows as short cards; a media query in
`style()` shows one of the two. Streamlit has no setting that closes the sidebar after a change
(on a phone it covers the page), so `style()` also adds a small script that presses the sidebar's
own close button once the rerun a sidebar change started has finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import streamlit as st

PHONE_MAX_PX = 640  # at or below: cards; above: tables. A phone is 360-430 px wide.

_CSS = f"""<style>
@media (max-width: {PHONE_MAX_PX}px) {{
  [class*="st-key-wide_"] {{ display: none !important; }}
  [data-testid="stTable"] th, [data-testid="stTable"] td {{ padding: 0.25rem 0.3rem; }}
}}
@media (min-width: {PHONE_MAX_PX + 1}px) {{
  [class*="st-key-cards_"] {{ display: none !important; }}
}}
.st-key-phone_script {{ display: none; }}
</style>"""

# Armed by a press or key in the sidebar (or in a dropdown it opened), except on an expander's
# header; fired once the rerun that press started has finished: the app's script state was seen
# running, or the settings' URL changed (a busy browser can draw a quick rerun's start and end
# in one frame), and is notRunning again. While armed it looks every 100 ms and finds the app
# afresh each time (Streamlit may redraw it); a press that changed nothing disarms after 10 s.
# Only at phone width, only while the sidebar is open, installed once per browser tab.
_SCRIPT = f"""<script>
(() => {{
  if (window.__backPlannerSidebarCloser) return;
  window.__backPlannerSidebarCloser = true;
  const phone = window.matchMedia("(max-width: {PHONE_MAX_PX}px)");
  const isOpen = () => {{
    const bar = document.querySelector("[data-testid='stSidebar']");
    return !!bar && bar.getAttribute("data-collapsed") === "false";
  }};
  const scriptState = () => {{
    const app = document.querySelector("[data-testid='stApp']");
    return app ? app.getAttribute("data-test-script-state") : null;
  }};
  let armedAt = 0, search = "", ran = false, timer = null;
  const disarm = () => {{
    armedAt = 0;
    clearInterval(timer);
    timer = null;
  }};
  const check = () => {{
    const state = scriptState();
    if (state === "running") ran = true;
    if (state !== "notRunning") return;
    if (ran || location.search !== search) {{
      disarm();
      const close = document.querySelector("[data-testid='stSidebarCollapseButton'] button");
      if (close && phone.matches && isOpen()) close.click();
    }} else if (Date.now() - armedAt > 10000) {{
      disarm();
    }}
  }};
  const arm = (event) => {{
    const el = event.target instanceof Element ? event.target : null;
    if (!el || !phone.matches || !isOpen()) return;
    const inSidebar = el.closest("[data-testid='stSidebar']");
    if (inSidebar && el.closest("summary, [data-testid='stSidebarCollapseButton']")) return;
    if (!inSidebar && !el.closest("[data-baseweb='popover'], [role='listbox'], [role='option']")) {{
      return;
    }}
    armedAt = Date.now();
    search = location.search;
    ran = false;
    timer = timer || setInterval(check, 100);
  }};
  document.addEventListener("pointerdown", arm, true);
  document.addEventListener("keydown", arm, true);
}})();
</script>"""


def style() -> None:
    """The phone CSS and the sidebar script; every page, every run (the browser drops elements a
    run does not send again)."""
    st.html(_CSS)
    with st.sidebar, st.container(key="phone_script"):
        st.html(_SCRIPT, unsafe_allow_javascript=True)


def escape(text: object) -> str:
    """Any text shown as written: whitespace collapsed, then ui.frame.plain (Markdown's special
    characters escaped and autolinks split, so a name that is a URL never becomes a link)."""
    from ui.frame import plain  # ui.frame imports this module

    return plain(" ".join(str(text).split()))


def unbroken(text: object) -> str:
    """A short value kept on one line ("2 x 8-10", "120 s"): no-break spaces, joined hyphens."""
    return escape(text).replace(" ", "\u00a0").replace("\\-", "\u2060\\-\u2060")


Row = Mapping[str, object]


def cards(
    rows: Iterable[Row],
    title: Callable[[Row], str],
    facts: Mapping[str, str],
    text: Sequence[str] = (),
) -> str:
    """Rows as Markdown cards: a bold title, the `facts` columns on one line (each unbroken and
    after its label, e.g. {"Rest": "rest"} -> "rest 90 s"), then each `text` column on its own."""
    blocks = []
    for row in rows:
        lines = [f"**{escape(title(row))}**"]
        shown = [
            unbroken(f"{label} {row[name]}".strip())
            for name, label in facts.items()
            if str(row.get(name, "")).strip()
        ]
        if shown:
            lines.append(" · ".join(shown))
        lines += [escape(row[name]) for name in text if str(row.get(name, "")).strip()]
        blocks.append("  \n".join(lines))
    return "\n\n".join(blocks)


def wide_or_cards(key: str, draw_wide: Callable[[], object], card_markdown: str) -> None:
    """Draw a table for wide windows and its cards for phones; CSS shows one of them."""
    with st.container(key=f"wide_{key}"):
        draw_wide()
    with st.container(key=f"cards_{key}"):
        st.markdown(card_markdown or "Nothing to show.")


def session_table(key: str, rows: Sequence[Row]) -> None:
    """A Week session: the table, or per exercise "1. Pull-up / 2 x 8-10 · rest 90 s · RIR 3"."""
    facts = {"Sets x reps": "", "Rest": "rest", "RIR": "RIR", "Load": ""}
    card_markdown = cards(rows, lambda r: f"{r['No.']}. {r['Exercise']}", facts, ("Cue",))
    wide_or_cards(key, lambda: st.table(rows, hide_index=True), card_markdown)


def exercise_table(key: str, rows: Sequence[Row], draw_wide: Callable[[], Any]) -> None:
    """The catalogue: the wide table, or per exercise its pattern, gear, level, reps and credits."""
    regions = ("Upper", "Mid", "Lower", "Biceps")
    shown = [
        {**r, "Credit": ", ".join(f"{n} {r[n]:g}" for n in regions if float(r.get(n) or 0))}
        for r in rows
    ]
    facts = {"Pattern": "", "Equipment": "", "Level": "", "Reps": "reps"}
    card_markdown = cards(shown, lambda r: str(r["Exercise"]), facts, ("Credit", "Cue"))
    wide_or_cards(key, draw_wide, card_markdown)


def saved_table(key: str, rows: Sequence[Row], draw_wide: Callable[[], Any]) -> None:
    """Saved plans: the wide table, or per plan "#3 Name / Goal · Experience · Block · Updated"."""
    facts = {"Goal": "", "Experience": "", "Block": "", "Updated": "updated"}
    card_markdown = cards(rows, lambda r: f"#{r['#']} {r['Name']}", facts, ("Notes",))
    wide_or_cards(key, draw_wide, card_markdown)
