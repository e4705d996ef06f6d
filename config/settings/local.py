"""`make run`: embedded defaults (SQLite, console e-mail), debug on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
