"""
WSGI config for config project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# A web worker loads search's dictionaries (jieba, OpenCC, pypinyin; about 0.6 s) as it starts, not on
# its first search; tests and management commands never import this module, so they do not pay it.
from hts.core.search.tokens import warm  # noqa: E402

warm()
