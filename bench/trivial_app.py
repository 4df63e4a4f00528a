"""The bench's yardstick: the smallest Flask app, served by gunicorn exactly like the real one."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "ok"
