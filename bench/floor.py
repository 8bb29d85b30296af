"""The floor bench/load.py compares Seans with: a hello-world Flask app, served by the
same gunicorn settings, so the ratio says what Seans costs above Flask and gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
