"""Render: a linked casebook as Markdown pages, with contributors' text made safe, and those
pages as finished HTML for engines that take it."""
