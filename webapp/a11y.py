"""What every view of the page carries for keyboards, screen readers and phones: a skip
link to the question box as the first thing a Tab reaches, and a layout that never
scrolls sideways at phone width (390 px)."""

from __future__ import annotations

import streamlit as st

# The app's own markup and script, no user text. The skip link is put first in the body,
# ahead of the header and sidebar, so one Tab reaches it; it moves the focus to the chat box.
_SKIP_LINK = """
<script>
(function () {
  const doc = window.parent ? window.parent.document : document;
  if (doc.getElementById("skip-to-question")) return;
  const link = doc.createElement("a");
  link.id = "skip-to-question";
  link.href = "#question-box";
  link.className = "skip-link";
  link.textContent = "Skip to the question box";
  link.addEventListener("click", function (event) {
    const box = doc.querySelector('[data-testid="stChatInputTextArea"]');
    if (box) { event.preventDefault(); box.focus(); box.scrollIntoView({block: "center"}); }
  });
  doc.body.prepend(link);
})();
</script>
"""

_STYLE = """
<style>
.skip-link { position: absolute; left: -10000px; top: 0.5rem; z-index: 1000001;
  background: #fff; color: #0b0c0c; padding: 0.6rem 1rem; border: 3px solid #1d70b8;
  font-weight: 600; text-decoration: underline; }
.skip-link:focus { left: 0.5rem; }
@media (max-width: 640px) {
  .stMainBlockContainer, .block-container { padding-left: 0.75rem; padding-right: 0.75rem; }
  h1 { font-size: 1.6rem !important; }
}
.stMain, .stApp { overflow-x: hidden; }
/* Captions and chat text at full contrast (WCAG AA) on the chat messages' grey. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #3d3d48 !important; }
/* Streamlit fades captions with opacity, which takes their contrast below AA again. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stChatMessage"] p { color: #1f1f27; }
[data-testid="stCaptionContainer"] a { color: #1d4ed8 !important; }
</style>
"""


def page_furniture() -> None:
    st.html(_STYLE)
    st.html(_SKIP_LINK, unsafe_allow_javascript=True)
