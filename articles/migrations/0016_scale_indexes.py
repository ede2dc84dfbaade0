"""Indexes for the API's since= filter: changed (updated_at) or corrected (corrected_at) since."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_article_source_file_checksum"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["updated_at"], name="article_updated"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("corrected_at__isnull", False)),
                fields=["corrected_at"],
                name="article_corrected",
            ),
        ),
    ]
