"""Link: every file of a casebook loaded and checked, then the links between cases and lessons
worked out (backlinks, related cases, counts)."""
