"""Check: the fields of cases, lessons and modules (one declarative table) and the editorial
standards, each problem reported as data at its line and column."""
