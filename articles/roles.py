"""The newsroom's roles: Django groups with the permissions each needs and no more.

The groups are made by a data migration (``0014_roles``), which calls
``grant_roles()`` with the migration's app registry; a test whose database
was emptied (a browser test's flush) calls it with the live registry.
Object rules that permissions cannot express (a contributor changes only
their own drafts) live in ``articles.workflow``.
"""

from typing import Any

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"

# What the desk manages besides articles.
_DESK_MODELS = ("section", "tag", "author", "publisher", "image")

ROLES: dict[str, list[str]] = {
    # Writes articles and adds pictures; the admin limits "change" to their own drafts.
    # Viewing sections, tags, authors, publishers and pictures lets the article
    # form's pickers (autocomplete) list them.
    CONTRIBUTOR: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_image",
        *(f"articles.view_{model}" for model in _DESK_MODELS),
    ],
    EDITOR: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.edit_any_article",
        "articles.publish_article",
        # Corrections are notes on published articles: the editors' to write.
        *(
            f"articles.{action}_{model}"
            for model in (*_DESK_MODELS, "correction")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    ADMINISTRATOR: [
        f"auth.{action}_{model}"
        for model in ("user", "group")
        for action in ("add", "change", "delete", "view")
    ],
}


def grant_roles(apps: Any) -> None:
    """Make each role's group hold exactly its permissions (creating what is missing).

    Permissions are made by Django after ``migrate`` (a post_migrate signal),
    so on a fresh database they do not exist yet when this runs: they are
    created here first, for every app, with the registry given.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, and Django skips those.
        held = getattr(app_config, "models_module", None)
        app_config.models_module = held or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = held
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, names in ROLES.items():
        wanted = set()
        for dotted in names:
            app_label, codename = dotted.split(".")
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(wanted)


def remove_roles(apps: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()
