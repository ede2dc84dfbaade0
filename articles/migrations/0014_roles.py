"""The newsroom's roles as groups: Contributor, Editor, Administrator (see articles.roles).

A data migration rather than a post_migrate handler: the groups are made once,
so an administrator who later changes a group's permissions is not overruled
by the next ``migrate``. It creates the permissions itself first, as Django
makes them only after all migrations have run.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.roles import grant_roles

    grant_roles(apps)


def backwards(apps, schema_editor):
    from articles.roles import remove_roles

    remove_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
