"""Sources: the glossary of training terms and every source behind the plans, in full."""

from urllib.parse import urlsplit

import streamlit as st

from planner.glossary import default_glossary
from planner.sources import TIER_LABELS, default_sources
from ui import frame
from ui.phone import escape as plain

frame.start("Sources", ":material/menu_book:")

sources = default_sources()
st.title("Sources")
st.caption(
    "Every rule, number and exercise weight in a plan comes from one of these sources. Plans cite "
    "them by the short form in bold."
)

st.header("Glossary", divider="gray")
for term in default_glossary():
    st.markdown(
        f"**{plain(term.term)}**: {plain(term.meaning)}  \n"
        f"*Sources: {plain(sources.cite(*term.sources))}*"
    )

for title, group in sources.groups():
    st.header(title, divider="gray")
    for source in group:
        lines = [f"**{plain(source.short)}**", plain(source.reference)]
        if source.summary:
            lines.append(f"What the planner uses: {plain(source.summary)}")
        lines.append(f"*{plain(TIER_LABELS[source.tier]).capitalize()}*")
        links = ", ".join(f"[{plain(urlsplit(link).netloc)}]({link})" for link in source.links)
        if links:
            lines.append(links)
        st.markdown("  \n".join(lines))
