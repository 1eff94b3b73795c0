"""Parse a route's JSON body: an object, not too large, not too deep; ValueError says what is wrong."""
from __future__ import annotations

import json

MAX_BODY_BYTES = 1 << 20
# Our bodies are flat objects (a list of modality names at most). Deeper nesting is refused
# before json.loads, whose recursion would otherwise end in a RecursionError (a 500).
MAX_DEPTH = 8


class BadBody(ValueError):
    """The body is not what the route takes; the message says what to send."""


def nesting_depth(text: str) -> int:
    """How deep brackets nest, outside strings (a cheap scan: no parsing, no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def json_object(raw: bytes | None) -> dict:
    """The body as a dict, or BadBody (not JSON, not an object, too large, too deep)."""
    if not raw:
        return {}
    if len(raw) > MAX_BODY_BYTES:
        raise BadBody(f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("The request body is not UTF-8 text.") from None
    if nesting_depth(text) > MAX_DEPTH:
        raise BadBody(f"The request body nests deeper than {MAX_DEPTH} levels: send a flat JSON object.")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        raise BadBody("The request body is not JSON.") from None
    if not isinstance(body, dict):
        raise BadBody(f"The request body must be a JSON object, not {type(body).__name__}.")
    return body
