"""The article form, with the lead picture's caption and credit edited in place.

The caption and credit live on the Image, so a picture carries them wherever it
is used. Editors should not have to leave the article to fix them: the form
shows them under "Lead picture" and writes them back to the chosen image, or
to a new Image when none is chosen and something was typed.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple

from articles.admin.editor import (
    SEARCH_DESCRIPTION_LENGTH,
    SEARCH_TITLE_LENGTH,
    BodyEditorWidget,
    CountedTextarea,
    CountedTextInput,
    count_help,
)
from articles.models import Article, Image, Tag

# Form field -> Image attribute.
LEAD_PICTURE_FIELDS = {
    "lead_image_caption": "caption",
    "lead_image_photographer": "photographer",
    "lead_image_agency": "agency",
    "lead_image_alt_text": "alt_text",
    "lead_image_focal_x": "focal_x",
    "lead_image_focal_y": "focal_y",
}
# Numbers with a default: left as they are, they are not "something typed".
LEAD_PICTURE_NUMBERS = {"lead_image_focal_x", "lead_image_focal_y"}


# The admin's class for a full-width box: headlines and alt texts run long.
WIDE = "vLargeTextField"
PERCENT = {"min": 0, "max": 100}


def _image_field(name: str, **kwargs: Any) -> forms.Field:
    """The Image field's own form field (label, help text, length limit), optional."""
    return Image._meta.get_field(name).formfield(required=False, **kwargs)


class ArticleAdminForm(forms.ModelForm):
    # Declared here because the admin makes no field for a many-to-many with its own
    # link model (Tagging); saving goes through ``article.tags.set()`` as before.
    tags = forms.ModelMultipleChoiceField(
        Tag.objects.all(),
        required=False,
        label=Article._meta.get_field("tags").verbose_name,
        widget=AutocompleteSelectMultiple(Article._meta.get_field("tags"), admin.site),
    )
    lead_image_upload = _image_field(
        "file",
        label="upload a new picture",
        help_text="JPEG, PNG or WebP. It becomes the lead picture, with the caption, credit and "
        "alternative text below; the one chosen above stays in the picture library.",
    )
    lead_image_caption = _image_field("caption", widget=forms.Textarea(attrs={"rows": 2}))
    lead_image_photographer = _image_field(
        "photographer",
        widget=AutocompleteSelect(Image._meta.get_field("photographer"), admin.site),
    )
    lead_image_agency = _image_field("agency")
    lead_image_alt_text = _image_field("alt_text", widget=forms.TextInput(attrs={"class": WIDE}))
    lead_image_focal_x = _image_field("focal_x", widget=forms.NumberInput(attrs=PERCENT))
    lead_image_focal_y = _image_field("focal_y", widget=forms.NumberInput(attrs=PERCENT))

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "status",
            "published_at",
            "featured",
            "publisher",
            "section",
            "tags",
            "copyright_year",
            "lead_image",
        ]
        widgets = {
            "headline": CountedTextInput(SEARCH_TITLE_LENGTH, attrs={"class": WIDE}),
            "slug": forms.TextInput(attrs={"class": WIDE}),
            "standfirst": CountedTextarea(
                SEARCH_DESCRIPTION_LENGTH, attrs={"rows": 3, "class": WIDE}
            ),
            "body": BodyEditorWidget(),
        }
        help_texts = {
            "headline": Article._meta.get_field("headline").help_text
            + " "
            + count_help(SEARCH_TITLE_LENGTH, "a headline in their results"),
            "standfirst": Article._meta.get_field("standfirst").help_text
            + " "
            + count_help(SEARCH_DESCRIPTION_LENGTH, "it under the headline"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.lead_image_id:
            image = Image.objects.get(pk=self.instance.lead_image_id)
            for field, attr in LEAD_PICTURE_FIELDS.items():
                attname = Image._meta.get_field(attr).attname
                self.initial.setdefault(field, getattr(image, attname))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("lead_image_upload"):
            fields = self._new_picture_fields()
            if "lead_image_alt_text" not in fields or not cleaned.get("lead_image_alt_text"):
                self.add_error(
                    "lead_image_alt_text",
                    "Describe what the new picture shows, for readers who cannot see it.",
                )
        return cleaned

    def _new_picture_fields(self) -> list[str]:
        """The lead-picture fields a new picture takes its values from.

        All of them when no picture was chosen. With one chosen, the form shows
        that picture's values, and only what the editor typed is the new one's.
        """
        if self.cleaned_data.get("lead_image") is None:
            return list(LEAD_PICTURE_FIELDS)
        return [field for field in LEAD_PICTURE_FIELDS if field in self.changed_data]

    def save(self, commit: bool = True) -> Article:
        if commit:
            self.save_lead_picture()
        return super().save(commit=commit)

    def save_lead_picture(self) -> Image | None:
        """Write the lead-picture fields to the chosen image, or to a new one.

        Only fields the editor changed are written to a chosen image: the form
        showed the previous lead image's values, and choosing another picture
        must not copy them onto it. A new Image takes every value shown.
        """
        upload = self.cleaned_data.get("lead_image_upload")
        changed = [field for field in LEAD_PICTURE_FIELDS if field in self.changed_data]
        if not changed and not upload:
            return self.cleaned_data.get("lead_image")
        image = self.cleaned_data.get("lead_image")
        if upload:
            fields, image = self._new_picture_fields(), Image(file=upload)
        elif image is None:
            texts = set(LEAD_PICTURE_FIELDS) - LEAD_PICTURE_NUMBERS
            if not any(self.cleaned_data[field] for field in texts):
                return None
            fields, image = list(LEAD_PICTURE_FIELDS), Image()
        else:
            fields = changed
        for field in fields:
            value = self.cleaned_data[field]
            # An emptied number box keeps the value the picture has.
            if value is not None or field not in LEAD_PICTURE_NUMBERS:
                setattr(image, LEAD_PICTURE_FIELDS[field], value)
        image.save()
        self.instance.lead_image = image
        return image
