"""The task queue: tasks are declared at import, Huey itself is built per application from its config.

Declaring a task (`@task_queue.task()` or `@task_queue.periodic(crontab(...))`) only records the
function. `task_queue.init_app(app)` builds the app's Huey (SQLite in `instance/` by default, Redis when
TASK_QUEUE_URL is a redis:// address, in memory and immediate under TASK_QUEUE_IMMEDIATE) and
registers every task on it, each run inside an application context of that app.
"""
from functools import wraps
from pathlib import Path

from flask import current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey

HUEY_NAME = "samverka"


class TaskQueue:
    """A Flask extension around Huey, unbound until `init_app`."""

    def __init__(self):
        self._declared = {}  # name -> (function, schedule or None)

    def task(self):
        """Declare a function as a task; call it later with `enqueue(name)`."""
        def decorator(function):
            self._declared[function.__name__] = (function, None)
            return function
        return decorator

    def periodic(self, schedule):
        """Declare a function the worker runs whenever `schedule(datetime)` is true (e.g. huey's crontab)."""
        def decorator(function):
            self._declared[function.__name__] = (function, schedule)
            return function
        return decorator

    def init_app(self, app):
        """Build the application's Huey from its configuration and register every declared task on it."""
        huey = build_huey(app)
        wrappers = {}
        for name, (function, schedule) in self._declared.items():
            runner = _in_app_context(app, function)
            if schedule is None:
                wrappers[name] = huey.task(name=name)(runner)
            else:
                wrappers[name] = huey.periodic_task(schedule, name=name)(runner)
        app.extensions["task_queue"] = {"huey": huey, "tasks": wrappers}

    @staticmethod
    def huey(app=None):
        """Return the Huey instance of the application."""
        return (app or current_app).extensions["task_queue"]["huey"]

    @staticmethod
    def enqueue(name, *args, **kwargs):
        """Put a declared task on the current application's queue (run at once in immediate mode)."""
        return current_app.extensions["task_queue"]["tasks"][name](*args, **kwargs)


def build_huey(app):
    """Return the Huey instance the configuration asks for."""
    config = app.config
    if config.get("TASK_QUEUE_IMMEDIATE"):
        return MemoryHuey(HUEY_NAME, immediate=True, results=False)
    url = config.get("TASK_QUEUE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(HUEY_NAME, url=url, results=False)
    if url.startswith("sqlite:///"):
        return SqliteHuey(HUEY_NAME, filename=url.removeprefix("sqlite:///"), results=False)
    if url:
        raise RuntimeError(f"TASK_QUEUE_URL must start with redis:// or sqlite:///, not {url.split(':')[0]}:")
    return SqliteHuey(HUEY_NAME, filename=str(Path(app.instance_path) / "tasks.sqlite3"), results=False)


def _in_app_context(app, function):
    @wraps(function)
    def run(*args, **kwargs):
        with app.app_context():
            return function(*args, **kwargs)
    return run
