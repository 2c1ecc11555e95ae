"""The app's own package: views, rendering, rebuild, feedback, briefing and uploads (nothing else imports it)."""
