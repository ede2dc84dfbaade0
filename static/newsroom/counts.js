// Live length counts for fields that search engines cut (data-count-limit on the field).
// The limit is also in the field's help text, for browsers without JavaScript.
"use strict";
{
  // Characters as a reader counts them: "é" and an emoji flag are one each.
  const segmenter = "Segmenter" in Intl ? new Intl.Segmenter() : null;
  const length = (text) => (segmenter ? [...segmenter.segment(text)].length : [...text].length);

  function attach(field) {
    const limit = Number(field.dataset.countLimit);
    const count = document.createElement("span");
    count.className = "char-count";
    count.id = `${field.id}_count`;
    count.setAttribute("aria-live", "polite");
    field.after(count);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);
    const update = () => {
      const used = length(field.value.trim());
      const over = used - limit;
      count.textContent =
        over > 0
          ? `${used} characters: ${over} past the ${limit} search engines show`
          : `${used} of ${limit} characters search engines show`;
      count.classList.toggle("over", over > 0);
    };
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-count-limit]").forEach(attach);
}
