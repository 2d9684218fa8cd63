from django.db import migrations


class Migration(migrations.Migration):
    """Les tables quittent le préfixe qualite_ (les tables des relations plusieurs-à-plusieurs suivent)."""

    dependencies = [
        ('organisation', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='courriel', table=None),
        migrations.AlterModelTable(name='site', table=None),
        migrations.AlterModelTable(name='utilisateur', table=None),
        migrations.AlterModelTable(name='historicalsite', table=None),
        migrations.AlterModelTable(name='historicalutilisateur', table=None),
        migrations.AlterModelTable(name='service', table=None),
        migrations.AlterModelTable(name='historicaleffectif', table=None),
        migrations.AlterModelTable(name='historicalservice', table=None),
        migrations.AlterModelTable(name='effectif', table=None),
    ]
