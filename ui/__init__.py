"""The Streamlit pages: thin layers over annotate.services (no SQL here)."""
