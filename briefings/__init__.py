"""HQ's monthly briefing for leadership: one month's volumes, themes, department figures, callback
outcomes, hotspots and implemented proposals as a Korean PDF and XLSX, built by a Celery task."""
