"""gunicorn's settings for Seans (read from the working directory, or with -c).

Access lines never hold a query string or a link's token (app/access_log.py)."""

from typing import Any

from app.access_log import coarse

logger_class = "app.access_log.AccessLogger"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def pre_request(worker: Any, req: Any) -> None:
    # gunicorn's own hook writes the whole path at debug level.
    worker.log.debug("%s %s", req.method, coarse(req.path))
