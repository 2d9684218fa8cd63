from django.db import migrations


class Migration(migrations.Migration):
    """Les tables quittent le préfixe indicateurs_ ; l'index du registre prend le nom que Django lui donne ici."""

    dependencies = [
        ('enquetes', '0001_initial'),
        ('indicateurs', '0006_organisation_vers_application_organisation'),
    ]

    operations = [
        migrations.AlterModelTable(name='enquetesatisfaction', table=None),
        migrations.AlterModelTable(name='historicalsollicitation', table=None),
        migrations.AlterModelTable(name='mentionlitterale', table=None),
        migrations.AlterModelTable(name='resultatcritere', table=None),
        migrations.AlterModelTable(name='sollicitation', table=None),
        migrations.AlterModelTable(name='enquetemystere', table=None),
        migrations.RenameIndex(model_name='sollicitation', new_name='enquetes_so_recue_l_d09978_idx', old_name='indicateurs_recue_l_3d61ef_idx'),
    ]
