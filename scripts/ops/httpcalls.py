"""The one HTTP helper the ops checks share (standard library only: the checks run before any venv exists)."""
import json
import urllib.error
import urllib.request


def http(method, url, body=None, headers=None, timeout=60, raw=False):
    """(status, parsed JSON, or bytes when raw or not JSON); a refused or timed-out connection is (0, its message)."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json"} if body is not None and not isinstance(body, bytes) else {}
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            payload = r.read()
            return r.status, payload if raw else json.loads(payload or b"null")
    except urllib.error.HTTPError as e:
        payload = e.read()
        try:
            return e.code, json.loads(payload or b"null")
        except ValueError:
            return e.code, payload
    except OSError as e:
        return 0, str(e)
