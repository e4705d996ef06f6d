"""Demo data: seeds every app for `make run` (top layer: may import any app; no app imports it)."""
