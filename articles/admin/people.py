"""Publishers and authors in the admin."""

from django.contrib import admin

from articles.admin.slugs import SlugFromNameAdmin
from articles.models import Author, Publisher


@admin.register(Publisher)
class PublisherAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    fields = ["name", "slug", "website", "description", "logo"]


@admin.register(Author)
class AuthorAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["name", "organisation"]
