"""WSGI entry point for gunicorn: `gunicorn 'mentoring.wsgi:app'`."""

import sys

from config import ConfigError
from mentoring import create_app

try:
    app = create_app()
except ConfigError as error:  # one clear sentence instead of a traceback in the server log
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(2)
