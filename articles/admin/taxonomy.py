"""Sections and tags in the admin: editors order the navigation and curate tags and aliases."""

from django.contrib import admin

from articles.admin.slugs import SlugFromNameAdmin
from articles.models import Section, Tag


@admin.register(Section)
class SectionAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug", "in_navigation", "position"]
    # Editors order the header navigation from the list itself.
    list_editable = ["in_navigation", "position"]
    list_filter = ["in_navigation"]
    search_fields = ["name"]
    fields = ["name", "slug", "description", "in_navigation", "position"]


@admin.register(Tag)
class TagAdmin(SlugFromNameAdmin):
    list_display = ["name", "kind", "slug", "alias_list"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    search_help_text = "Searches names and aliases."
    fields = ["name", "kind", "slug", "aliases", "description"]

    @admin.display(description="aliases")
    def alias_list(self, tag: Tag) -> str:
        return ", ".join(tag.alias_names)
