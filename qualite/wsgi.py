import os

from django.core.wsgi import get_wsgi_application

from qualite.processus import regler_ramasse_miettes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualite.settings")
application = get_wsgi_application()
regler_ramasse_miettes()
