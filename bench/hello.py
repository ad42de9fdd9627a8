"""The yardstick of `bench.http`: a Flask hello-world, served by gunicorn exactly as Samverka is."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
