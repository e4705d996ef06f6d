"""`make run`: embedded defaults (SQLite, console e-mail), debug on.

SQLite's concurrency options (WAL, BEGIN IMMEDIATE, busy timeout) are set in base.py for any
sqlite:// DATABASE_URL, so a worker or beat on other settings shares the file just as safely."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
