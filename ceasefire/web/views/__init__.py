"""Routes of the web workspace: HTML pages, their JSON twins under /api/, and ingest."""
