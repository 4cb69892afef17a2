"""Publish: every file a site gets, assembled once for the MkDocs plugin and `casebook render`
alike, and the casebook as data for other tools (JSON, CSV, Pagefind's index, redirects)."""
