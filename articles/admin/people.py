"""Publishers and authors in the admin."""

from django.contrib import admin

from articles.models import Author, Publisher


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["name", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
