"""Serving a gym: several Streamlit replicas behind haproxy over one PostgreSQL database
(`python -m deploy.cluster`, `make serve-cluster`; README "Serving a gym")."""
