// The picture picker: Django's autocomplete select with a thumbnail beside each caption.
// The results come from the picker's own autocomplete view (articles/admin/picker.py).
"use strict";
{
  const $ = django.jQuery;

  function result(picture) {
    if (!picture.id || picture.loading) return picture.text;
    const row = document.createElement("span");
    row.className = "picture-option";
    if (picture.thumbnail) {
      const img = document.createElement("img");
      img.src = picture.thumbnail;
      img.alt = "";
      img.width = 64;
      row.append(img);
    }
    const text = document.createElement("span");
    text.textContent = picture.size ? `${picture.text} (${picture.size})` : picture.text;
    row.append(text);
    return $(row);
  }

  function start(select) {
    $(select).select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: select.dataset.appLabel,
          model_name: select.dataset.modelName,
          field_name: select.dataset.fieldName,
        }),
      },
      templateResult: result,
    });
  }

  $(() => {
    document.querySelectorAll("select.picture-picker").forEach((select) => {
      if (!select.name.includes("__prefix__")) start(select);
    });
  });
}
