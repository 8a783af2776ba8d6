"""annotate in the browser: `streamlit run streamlit_app.py`.

Sign-in first; then a navigation built for the reviewer's role (pages a role may not use are not offered,
and the services refuse them anyway). Settings: ANNOTATE_DB_URL, ANNOTATE_SESSION_HOURS,
ANNOTATE_DEMO_PASSWORD (see docs/ui.md).
"""

from __future__ import annotations

import importlib.util

import streamlit as st

from ui import session

st.set_page_config(page_title="annotate", page_icon=":material/fact_check:", layout="wide")


def sign_in_page() -> None:
    st.title("annotate — sign in")
    message = st.session_state.pop("signed_out_message", None)
    if message:
        st.info(message)
    with st.form("sign_in"):
        username = st.text_input("Username", key="sign_in_user")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        error = session.sign_in(username, password)
        if error:
            st.error(f"Sign-in refused: {error}")
        else:
            st.rerun()
    st.caption("Accounts are made by an administrator (Admin page or `annotate users add`).")


def build_pages(*, admin: bool) -> dict[str, list]:
    pages: dict[str, list] = {
        "Review": [
            st.Page("ui/queue.py", title="Review queue", icon=":material/list_alt:", default=True),
            st.Page("ui/claim.py", title="Claim workspace", icon=":material/fact_check:"),
            st.Page("ui/reader.py", title="Document reader", icon=":material/article:"),
            st.Page("ui/sources.py", title="Source library", icon=":material/library_books:"),
        ],
        "Overview": [
            st.Page("ui/dashboard.py", title="Dashboard", icon=":material/bar_chart:"),
            st.Page("ui/narratives.py", title="Narratives", icon=":material/timeline:"),
            st.Page("ui/activity.py", title="Activity & audit", icon=":material/history:"),
        ],
    }
    if importlib.util.find_spec("annotate.services.exchange") and importlib.util.find_spec("ui.exchange"):
        pages["Overview"].append(st.Page("ui/exchange.py", title="Export / import", icon=":material/import_export:"))
    if admin:
        pages["Admin"] = [st.Page("ui/admin.py", title="Reviewers & scale", icon=":material/admin_panel_settings:")]
    return pages


def main() -> None:
    session.get_desk()
    # A link to /claim?claim=N opened before signing in is remembered across the sign-in.
    if "claim" in st.query_params and session.CLAIM_KEY not in st.session_state:
        try:
            st.session_state[session.CLAIM_KEY] = int(st.query_params["claim"])
        except ValueError:
            pass
    reviewer = session.current_reviewer()
    session.write_cookie()
    if reviewer is None:
        # Every page is registered (so a deep link such as /claim?claim=7 survives the sign-in instead of
        # "page not found"), but whatever the URL names, only the sign-in form runs.
        pages = build_pages(admin=True)
        pages["Account"] = [st.Page(sign_in_page, title="Sign in", icon=":material/key:", url_path="sign-in")]
        st.navigation(pages, position="hidden")
        sign_in_page()
        return
    actor = session.actor()
    pages = build_pages(admin=actor.can("users.manage"))
    with st.sidebar:
        st.markdown(f"Signed in as **{session.md_escape(reviewer.display_name)}** ({reviewer.role})")
        if st.button("Sign out", key="sign_out"):
            session.sign_out("You have signed out.")
            st.rerun()
    st.navigation(pages).run()


main()
