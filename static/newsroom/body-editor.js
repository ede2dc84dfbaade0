// The article body as rich text: django-prose-editor's extensions, one for each tag
// the body keeps (articles/richtext.py ALLOWED_TAGS), and no others.
//
// Started here rather than by the package's presets, which need an inline import map
// and let Tiptap inject a <style> element: the site's Content-Security-Policy refuses
// both. The textarea stays in the form and receives the HTML on every change, so the
// server cleans and checks it as it would anything typed there.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
} from "../django_prose_editor/editor.js";

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

// An attribute the body does not keep, dropped when pasted text brings it along
// (a link's target or class, a list's start or numbering style).
const DROPPED = { default: null, parseHTML: () => null, renderHTML: () => ({}) };

const BodyLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      target: DROPPED,
      class: DROPPED,
      // A title only when one was typed: the link dialog leaves an empty one otherwise.
      title: {
        default: null,
        parseHTML: (element) => element.getAttribute("title") || null,
        renderHTML: (attributes) => (attributes.title ? { title: attributes.title } : {}),
      },
    };
  },
});

const BodyOrderedList = OrderedList.extend({
  addAttributes() {
    return Object.fromEntries(Object.keys(this.parent?.() ?? {}).map((name) => [name, DROPPED]));
  },
});

function extensionsFor(textarea) {
  const levels = textarea.dataset.headingLevels.split(" ").map(Number);
  return [
    Document,
    Paragraph,
    Text,
    HardBreak,
    History,
    Dropcursor,
    Gapcursor,
    Menu,
    Heading.configure({ levels }),
    Bold,
    Italic,
    // No "open in a new window" choice: the body keeps no target attribute.
    BodyLink.configure({ enableTarget: false, protocols: ["http", "https", "mailto"] }),
    Blockquote,
    BulletList,
    // No list properties (start, numbering style): the body keeps no attributes on <ol>.
    BodyOrderedList.configure({ enableListAttributes: false }),
    ListItem,
  ];
}

function startEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new Editor({
    element: wrapper,
    // Tiptap's own <style> element is refused by the CSP; body-editor.css has its rules.
    injectCSS: false,
    extensions: extensionsFor(textarea),
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  // Clicking the field's label puts the cursor in the editor, as it did in the textarea.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) label.addEventListener("click", () => editor.commands.focus());
  editor.view.dom.setAttribute("aria-label", label ? label.textContent.replace(/:$/, "") : "Body");
  textarea.dataset.bodyEditorReady = "";
  return editor;
}

for (const textarea of document.querySelectorAll("textarea[data-body-editor]")) {
  startEditor(textarea);
}
