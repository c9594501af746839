"""The baseline for the browser benchmark: one slider and one Plotly chart, nothing else."""

import plotly.graph_objects as go
import streamlit as st

weeks = st.slider("Weeks", 3, 12, 5, key="weeks")
figure = go.Figure(go.Bar(x=list(range(1, weeks + 1)), y=[10 + w for w in range(weeks)]))
st.plotly_chart(figure, width="stretch", key="volume_chart")
