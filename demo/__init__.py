"""Demo data for `make run` and the test world: people, pages, suggestions and search defaults.

The top layer (with bench): it may import any app, and no app imports it.
"""
