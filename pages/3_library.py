"""Library: save the current plan; open, rename, duplicate, delete, export and import saved ones."""

import streamlit as st

from planner import charts
from planner.models import GOAL_LABELS, LEVEL_LABELS
from ui import account, cache, frame, library, phone
from ui.frame import plain

request = frame.start("Library", ":material/bookmarks:")
if library.opened_plan():
    st.switch_page("app.py", query_params=library.opened_query())

st.title("Library")
store = frame.attempt(cache.lifter_store, "open the plan database")
if store is None:
    st.stop()
if account.configured():
    # Lifters of a shared server: where the server keeps its database is not theirs to know.
    st.caption(
        "Your saved plans are yours alone: other lifters of this app never see them. To take a "
        "plan elsewhere, export it here and import it there."
    )
elif store.engine == "postgresql":
    st.caption(
        f"Saved plans live in the PostgreSQL database {plain(store.path)} (PLANNER_DB). To move "
        "a plan to or from a DuckDB file, export it here and import it there."
    )
else:
    st.caption(
        f"Saved plans live in {plain(store.path)}. To move the database, stop the app, move the "
        "file and start it with `PLANNER_DB=/new/path/plans.duckdb` (or a postgresql:// URL)."
    )

with st.form("save_form", clear_on_submit=True):
    st.subheader("Save the current plan")
    name = st.text_input("Name", key="save_name", placeholder="e.g. Spring growth block")
    notes = st.text_area("Notes", key="save_notes", height=80)
    save = st.form_submit_button("Save plan", icon=":material/save:", disabled=request is None)
if save and request is not None:
    # The plan the other pages show: an opened saved plan as stored, else the built one.
    opened = library.stored_plan(request)
    plan = (
        opened.plan if opened else frame.attempt(lambda: cache.plan(request), "plan these settings")
    )
    saved_id = plan and frame.attempt(lambda: store.save(plan, name, notes), "save the plan")
    if saved_id:
        st.success(f"Saved “{plain(name.strip())}” as plan #{saved_id}.", icon=":material/check:")

library.show_messages()
st.subheader("Saved plans")
# The newest LIST_LIMIT plans: listing is linear in the number of plans (docs/BENCHMARKS.md).
listed = frame.attempt(lambda: store.list(limit=library.LIST_LIMIT), "list the saved plans")
plans = {p.id: p for p in listed or []}
link_problem = library.pick_from_link(plans)
if link_problem:
    st.warning(plain(link_problem), icon=":material/link_off:")
if not plans:
    library.keep_in_link(None)
    st.info("No saved plans yet: save the current plan above, or import a JSON export below.")
else:
    rows = library.summary_rows(plans.values())
    phone.saved_table(
        "saved",
        rows,
        lambda: st.dataframe(rows, hide_index=True, width="stretch", key="saved_table"),
    )
    if st.session_state.get(library.PICK) not in plans:
        # Set, not cleared: a cleared value would let the browser keep showing the old name.
        st.session_state[library.PICK] = next(iter(plans))
    chosen = plans[
        st.selectbox(
            "Plan", plans, format_func=lambda i: f"{plans[i].name} (#{i})", key=library.PICK
        )
    ]
    library.keep_in_link(chosen.id)
    st.caption(
        f"{GOAL_LABELS[chosen.goal]} · {LEVEL_LABELS[chosen.experience]} · {chosen.weeks} weeks "
        f"× {chosen.sessions} sessions"
        + (f" · {plain(chosen.notes)}" if chosen.notes else "")
        + ". Open puts its settings in the sidebar and shows it as saved on Build and Week, "
        "until a setting moves."
    )
    with st.expander("Weekly volume of this saved plan"):
        saved = frame.attempt(lambda: store.load(chosen.id), "read the saved plan")
        volumes = frame.attempt(lambda: store.weekly_volume(chosen.id), "sum its weekly volume")
        if saved and volumes:
            st.caption(
                "Fractional hard sets per region, summed by the database from the stored sets."
            )
            st.plotly_chart(
                charts.volume_chart(saved.plan, volumes=volumes),
                width="stretch",
                key="saved_volume_chart",
                config={"displayModeBar": False},
            )
    open_col, copy_col, export_col, delete_col = st.columns(4)
    open_col.button(
        "Open",
        icon=":material/open_in_new:",
        key="library_open",
        width="stretch",
        on_click=library.open_plan,
        args=(store, chosen.id),
    )
    copy_col.button(
        "Duplicate",
        icon=":material/content_copy:",
        key="library_duplicate",
        width="stretch",
        on_click=library.duplicate_plan,
        args=(store, chosen.id),
    )
    export_col.download_button(
        "Export JSON",
        data=lambda: store.export_json(chosen.id),
        file_name=library.export_file_name(chosen),
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        key="library_export",
        width="stretch",
    )
    delete_col.button(
        "Delete",
        icon=":material/delete:",
        key="library_delete",
        width="stretch",
        on_click=library.ask_delete,
        args=(chosen.id,),
    )
    if library.delete_pending() == chosen.id:
        st.warning(
            f"Delete “{plain(chosen.name)}” (plan #{chosen.id})? This cannot be undone.",
            icon=":material/warning:",
        )
        yes, no = st.columns(2)
        yes.button(
            "Yes, delete",
            type="primary",
            key="library_delete_yes",
            width="stretch",
            on_click=library.delete_plan,
            args=(store, chosen.id),
        )
        no.button(
            "Cancel", key="library_delete_no", width="stretch", on_click=library.cancel_delete
        )
    with st.form("rename_form", border=False, enter_to_submit=True):
        st.text_input("New name", value=chosen.name, key=library.rename_key(chosen.id))
        st.form_submit_button(
            "Rename", icon=":material/edit:", on_click=library.rename_plan, args=(store, chosen.id)
        )

st.subheader("Import")
st.file_uploader(
    "Plan JSON: an export from here, or `back-planner build --format json`",
    type="json",
    key=library.IMPORT_FILE,
)
st.button(
    "Import plan",
    icon=":material/upload:",
    key="import_button",
    on_click=library.import_plan,
    args=(store,),
)
