"""v1's serving stack for the benchmark: Flask behind gunicorn, calling the same score.py the same way."""
import os
import sys

from flask import Flask, Response, request

sys.path.insert(0, os.environ["SCORE_DIR"])
import score  # noqa: E402

score.init()
app = Flask(__name__)


@app.route("/score", methods=["POST"])
def run():
    import json
    result = score.run(request.get_data(as_text=True))
    return Response(json.dumps(result), mimetype="application/json")
