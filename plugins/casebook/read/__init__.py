"""Read: one YAML file into plain values that remember where each was written, and the
characters and YAML mistakes a contributor cannot see, named in their words."""
