"""Export the claims the queue's filter selects, in any format; import a file (editors and up)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import streamlit as st

from annotate.services import exchange
from ui import session

# Uploads are held in memory by Streamlit before we see them, so the UI's cap is far below the CLI's 2 GB.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
EXTENSIONS = {"json": "json", "jsonl": "jsonl", "csv": "csv", "markdown": "md", "html": "html"}

desk = session.get_desk()
me = session.actor()
st.title("Export / import")
session.flash()

f = session.queue_filter()
st.caption(
    "Exports use the review queue's current filter."
    + ("" if f.model_dump(exclude_defaults=True) else " (none: every claim)")
)
formats = list(exchange.exports.FORMATS)
fmt = st.selectbox("Format", formats, key="export_format")
if st.button("Prepare the export", key="export_prepare", type="primary"):
    out = io.StringIO()
    # Built only on request: an export of 100k claims is not something to redo on every rerun.
    count = session.attempt(lambda: exchange.export(desk, fmt, f, out))
    if count is not None:
        st.session_state["export_ready"] = (fmt, out.getvalue(), count)
ready = st.session_state.get("export_ready")
if ready and ready[0] == fmt:
    media = exchange.exports.media_type(fmt)
    suffix = EXTENSIONS.get(fmt, "jsonld" if "ld+json" in media else "json")
    st.download_button(
        f"Download {ready[2]} claims as {fmt}",
        data=ready[1].encode("utf-8"),
        file_name=f"annotate-export.{suffix}",
        mime=media.split(";")[0],
        key="export_download",
    )

if me.can("import"):
    st.subheader("Import")
    st.caption("A native json/jsonl export or W3C Web Annotation JSON-LD; entities are merged by uid.")
    upload = st.file_uploader("File to import", type=["json", "jsonl", "jsonld"], key="import_file")
    if upload is not None and st.button("Import", key="import_go"):
        if upload.size > MAX_UPLOAD_BYTES:
            st.error(f"{upload.name} is {upload.size / 1e6:.0f} MB; the browser limit is 200 MB (use the CLI).")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(upload.name).name
                path.write_bytes(upload.getvalue())
                report = session.attempt(lambda: exchange.import_file(desk, me, path))
            if report:
                st.success(report.summary())
                for warning in report.warnings[:50]:
                    st.warning(warning)
