"""The app's own package: views, rendering, sidebar, rebuild, feedback, briefing and uploads.

`app.py` wires the page from these modules; nothing else imports them (tests/unit/test_layout.py).
"""
