"""The article form, with the lead picture's caption and credit edited in place.

The caption and credit live on the Image, so a picture carries them wherever it
is used. Editors should not have to leave the article to fix them: the form
shows them under "Lead picture" and writes them back to the chosen image, or
to a new Image when none is chosen and something was typed.

Those writes obey the user's permissions on pictures (``PicturePermissions``):
without ``view_image`` the fields are not in the form; without ``change_image``
or ``add_image`` they are shown disabled, and a change the user may not make
(to a chosen picture, or a new one) is refused with a message, never dropped.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
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
from articles.admin.locking import EditLockForm
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


@dataclass(frozen=True)
class PicturePermissions:
    """What the user may do with pictures, so the lead-picture fields do no more."""

    view: bool = False
    add: bool = False
    change: bool = False

    @classmethod
    def of(cls, user: Any) -> "PicturePermissions":
        change = user.has_perm("articles.change_image")
        return cls(
            view=change or user.has_perm("articles.view_image"),
            add=user.has_perm("articles.add_image"),
            change=change,
        )


def _image_field(name: str, **kwargs: Any) -> forms.Field:
    """The Image field's own form field (label, help text, length limit), optional."""
    return Image._meta.get_field(name).formfield(required=False, **kwargs)


class ArticleAdminForm(EditLockForm):
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

    # The admin sets the user's (ArticleAdmin.get_form); elsewhere none are assumed.
    picture_permissions = PicturePermissions()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = self.picture_permissions
        for field in LEAD_PICTURE_FIELDS:
            if not allowed.view:
                del self.fields[field]
            elif not (allowed.add or allowed.change):
                self.fields[field].disabled = True
        if not allowed.add:
            # Not only hidden: a posted file is never read.
            self.fields.pop("lead_image_upload", None)
        if allowed.view and self.instance.lead_image_id:
            image = Image.objects.get(pk=self.instance.lead_image_id)
            for field, attr in LEAD_PICTURE_FIELDS.items():
                attname = Image._meta.get_field(attr).attname
                self.initial.setdefault(field, getattr(image, attname))

    def _typed_picture_fields(self) -> list[str]:
        """The lead-picture fields the user changed (disabled ones never are)."""
        return [
            field
            for field in LEAD_PICTURE_FIELDS
            if field in self.fields and field in self.changed_data
        ]

    def _creates_a_picture(self) -> bool:
        texts = set(LEAD_PICTURE_FIELDS) - LEAD_PICTURE_NUMBERS
        return any(self.cleaned_data.get(field) for field in texts if field in self.fields)

    def _new_picture_fields(self) -> list[str]:
        """The lead-picture fields a new picture takes its values from.

        All of them when no picture was chosen. With one chosen, the form shows
        that picture's values, and only what the editor typed is the new one's.
        """
        if self.cleaned_data.get("lead_image") is None:
            return [field for field in LEAD_PICTURE_FIELDS if field in self.fields]
        return self._typed_picture_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("lead_image_upload"):
            # A new picture (the field is there only for those who may add one): what
            # was typed is its own, and the chosen picture is left as it is.
            # The newsroom's rules for a picture readers see (Image.clean, PICTURES_REQUIRE_*).
            typed = {field: cleaned.get(field) for field in self._new_picture_fields()}
            if settings.PICTURES_REQUIRE_ALT_TEXT and not typed.get("lead_image_alt_text"):
                self.add_error(
                    "lead_image_alt_text",
                    "Describe what the new picture shows, for readers who cannot see it.",
                )
            credited = typed.get("lead_image_photographer") or typed.get("lead_image_agency")
            if settings.PICTURES_REQUIRE_CREDIT and not credited:
                self.add_error(
                    "lead_image_agency",
                    "Credit the new picture: choose its photographer or type its agency "
                    "(the newsroom requires a credit on every picture).",
                )
            return cleaned
        if not self._typed_picture_fields():
            return cleaned
        allowed = self.picture_permissions
        if cleaned.get("lead_image") is not None:
            if not allowed.change:
                raise forms.ValidationError(
                    "You may not change pictures: the caption, credit and alt text you typed "
                    "would change the chosen picture wherever it is used. Put them back, or "
                    "ask an editor who may change pictures.",
                    code="picture_change_not_allowed",
                )
        elif self._creates_a_picture() and not allowed.add:
            raise forms.ValidationError(
                "You may not add pictures: with no picture chosen, the caption and credit you "
                "typed would create one. Choose a picture, or empty those fields.",
                code="picture_add_not_allowed",
            )
        return cleaned

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
        image = self.cleaned_data.get("lead_image")
        allowed = self.picture_permissions
        # clean() refused what the user may not do; this keeps it so if it is skipped.
        if upload:
            if not allowed.add:
                return image
            fields, image = self._new_picture_fields(), Image(file=upload)
        else:
            changed = self._typed_picture_fields()
            if not changed or not (allowed.change if image else allowed.add):
                return image
            if image is None:
                if not self._creates_a_picture():
                    return None
                fields, image = self._new_picture_fields(), Image()
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
