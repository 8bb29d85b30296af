"""The fake's read-only list of what was "sent", with a form to fake a client's reply."""

from __future__ import annotations

import re
from html import escape

from app.fakesms.model import FakeMessage

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Fake Vonage: sent SMS</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 60rem; }}
article {{ border: 1px solid #ccc; border-radius: 6px; padding: .6rem .9rem; margin: .6rem 0; }}
.meta {{ color: #555; font-size: 13px; }}
.text {{ white-space: pre-wrap; margin: .4rem 0 0; }}
</style></head><body>
<h1>Fake Vonage gateway</h1>
<form method="post" action="/reply">
<input type="hidden" name="token" value="{token}">
<label>Client's number <input name="from" required placeholder="905321234567"></label>
<label>Reply <input name="text" required size="40"></label>
<label>Parts <input name="parts" type="number" min="1" max="10" value="1"></label>
<button>Send as the client</button>
</form>
<h2>Sent ({count}), newest first</h2>
{items}
</body></html>
"""

_ITEM = """<article>
<div class="meta">{time} &middot; to +{to} &middot; from {sender}
&middot; {parts} part(s) {encoding} {ref} &middot; {receipts}</div>
<p class="text">{text}</p>
</article>"""


# Links in a message are clickable here, as they are in a phone's SMS app.
_URL = re.compile(r"https?://[^\s<>\"']+")


def _linked(text: str) -> str:
    escaped = escape(text)
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def render_page(messages: list[FakeMessage], token: str) -> str:
    items = "\n".join(_item(m) for m in reversed(messages)) or "<p>Nothing sent yet.</p>"
    return _PAGE.format(token=escape(token), count=len(messages), items=items)


def _item(message: FakeMessage) -> str:
    statuses = [message.receipts.get(mid, "submitted") for mid in message.message_ids]
    return _ITEM.format(
        time=escape(message.received_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
        to=escape(message.to),
        sender=escape(message.sender),
        parts=len(message.message_ids),
        encoding=escape(message.encoding),
        ref=f"&middot; ref {escape(message.client_ref)}" if message.client_ref else "",
        receipts=escape(", ".join(statuses)),
        text=_linked(message.text),
    )
