from django.db import migrations


class Migration(migrations.Migration):
    """Les tables quittent le préfixe qualite_ (les tables des relations plusieurs-à-plusieurs suivent)."""

    # Après toutes les migrations qui créent des clés étrangères vers les anciennes tables (dont l'état
    # nomme encore qualite_*) : SQLite ne réécrit pas une référence créée après le renommage.
    dependencies = [
        ('organisation', '0001_initial'),
        ('qualite', '0003_organisation_vers_application_organisation'),
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
