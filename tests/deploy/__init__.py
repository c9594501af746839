"""The gym cluster: deploy/ (haproxy, Streamlit replicas, PostgreSQL)."""
