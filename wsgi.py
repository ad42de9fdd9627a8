"""Entry point for gunicorn: `gunicorn wsgi:app`."""
import gc

from app import create_app

app = create_app()
# Move the objects made at start-up out of the collector's way: full collections then stay short,
# which keeps ranking thousands of candidates free of long pauses.
gc.collect()
gc.freeze()
