# Conservée (vide) : les migrations de plan_actions dépendent de ('engagements', '0002_initial').

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0001_initial"),
    ]

    operations = []
