"""Admin: reviewer accounts and roles, and the verdict scale."""

from __future__ import annotations

import streamlit as st

from annotate.services import reviewers, scale, sessions
from annotate.services.permissions import RANK
from ui import session

desk = session.get_desk()
me = session.actor()
if not me.can("users.manage"):
    st.error("This page is for administrators.")
    st.stop()
st.title("Reviewers & verdict scale")
session.flash()
ROLES = list(RANK)

people = reviewers.list_all(desk)
st.subheader("Reviewers")
st.dataframe(
    [{"username": r.username, "name": r.display_name, "role": r.role, "active": r.active} for r in people],
    hide_index=True,
    width="stretch",
    key="admin_people",
)
left, right = st.columns(2)
with left, st.form("admin_create", clear_on_submit=True):
    st.markdown("**New reviewer**")
    username = st.text_input("Username", key="new_username")
    name = st.text_input("Display name", key="new_display")
    role = st.selectbox("Role", ROLES, index=ROLES.index("reviewer"), key="new_role")
    password = st.text_input("Initial password (8+ characters)", type="password", key="new_password")
    if st.form_submit_button("Create", type="primary"):
        if session.attempt(
            lambda: reviewers.create(desk, me, username, password, role=role, display_name=name),
            success=f"Created {username}",
        ):
            st.rerun()
with right, st.form("admin_update"):
    st.markdown("**Change a reviewer**")
    who = st.selectbox("Reviewer", [r.username for r in people], key="upd_username")
    person = next((r for r in people if r.username == who), None)
    new_role = st.selectbox("Role", ["(unchanged)", *ROLES], key="upd_role")
    active = st.selectbox("Account", ["(unchanged)", "active", "disabled"], key="upd_active")
    new_password = st.text_input("Reset password (leave empty to keep)", type="password", key="upd_password")
    if st.form_submit_button("Save"):
        if person is not None and person.username == me.username and active == "disabled":
            st.error("You cannot disable your own account.")
        elif session.attempt(
            lambda: reviewers.update(
                desk,
                me,
                who,
                role=None if new_role == "(unchanged)" else new_role,
                active=None if active == "(unchanged)" else active == "active",
                password=new_password or None,
            ),
            success=f"Saved {who}",
        ):
            st.rerun()
with st.expander("Remembered sign-ins"):
    st.caption(
        "A browser stays signed in across reloads for the session length. A password reset ends that reviewer's; "
        "this ends everyone's (a lost laptop, a shared computer). Sessions already open stay open until reload."
    )
    if st.button("Sign out every browser", key="admin_sign_out_all") and session.attempt(
        lambda: sessions.sign_out_everyone(desk, me), success="Every remembered sign-in has ended"
    ):
        st.rerun()

st.subheader("Verdict scale")
labels = scale.labels(desk, include_inactive=True)
st.dataframe(
    [{"label": v.label, "ordinal": v.ordinal, "definition": v.definition, "active": v.active} for v in labels],
    hide_index=True,
    width="stretch",
    column_config={"definition": st.column_config.TextColumn(width="large")},
    key="admin_scale",
)
with st.form("admin_label"):
    st.markdown("**Add or change a label** (an existing name edits that label)")
    c1, c2, c3 = st.columns([2, 1, 1])
    label = c1.text_input("Label", key="lbl_name")
    ordinal = c2.number_input("Ordinal (0 = off the true/false scale)", 0, 100, 0, key="lbl_ordinal")
    active_label = c3.checkbox("Active", value=True, key="lbl_active")
    definition = st.text_area("Definition", key="lbl_definition")
    if st.form_submit_button("Save label"):
        if session.attempt(
            lambda: scale.upsert_label(
                desk, me, label, definition=definition, ordinal=int(ordinal) or None, active=active_label
            ),
            success=f"Saved label {label}",
        ):
            st.rerun()
