// A small rich-text editor for archive items, without any library or CDN: a toolbar over a
// contenteditable box that writes its HTML into the form's textarea (which the server still
// sanitises with nh3). Without JavaScript the textarea works as before; "HTML" shows it again.
(function () {
  "use strict";
  var ALLOWED = /^(P|BR|STRONG|B|EM|I|U|S|BLOCKQUOTE|UL|OL|LI|H2|H3|H4|A|TABLE|THEAD|TBODY|TR|TH|TD|HR|SPAN)$/;
  var DROPPED = /^(SCRIPT|STYLE|IFRAME|OBJECT|EMBED|TEMPLATE|NOSCRIPT|SVG|MATH|IMG|VIDEO|AUDIO|FORM|INPUT|BUTTON|SELECT|TEXTAREA)$/;

  // Copy only the allowed tags (no attributes but a safe link target): the browser's parser, not
  // innerHTML on the page, reads the text, so nothing in it runs or loads.
  function clean(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1 && !DROPPED.test(node.tagName)) {
        if (!ALLOWED.test(node.tagName)) {
          clean(node, target); // unwrap: keep the text, drop the tag
          return;
        }
        var copy = document.createElement(node.tagName.toLowerCase());
        var href = node.tagName === "A" ? node.getAttribute("href") || "" : "";
        if (/^(https?:|mailto:)/i.test(href)) copy.setAttribute("href", href);
        clean(node, copy);
        target.appendChild(copy);
      }
    });
  }

  function load(editor, text) {
    editor.textContent = "";
    if (text.indexOf("<") === -1) {
      // Plain text (typed before, or on a phone): paragraphs at blank lines, line breaks kept.
      text.split(/\n\s*\n/).forEach(function (block) {
        if (!block.trim()) return;
        var p = document.createElement("p");
        block.split("\n").forEach(function (line, index) {
          if (index) p.appendChild(document.createElement("br"));
          p.appendChild(document.createTextNode(line));
        });
        editor.appendChild(p);
      });
      return;
    }
    clean(new DOMParser().parseFromString(text, "text/html").body, editor);
  }

  var BUTTONS = [
    ["bold", null, "B", "fw-bold"],
    ["italic", null, "I", "fst-italic"],
    ["formatBlock", "h3", "H", ""],
    ["formatBlock", "p", "¶", ""],
    ["insertUnorderedList", null, "•", ""],
    ["insertOrderedList", null, "1.", ""],
  ];

  document.querySelectorAll("textarea[data-rich-editor]").forEach(function (textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-rich-editor") || "{}");
    var toolbar = document.createElement("div");
    toolbar.className = "btn-toolbar gap-1 mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("data-testid", "editor-toolbar");
    var editor = document.createElement("div");
    editor.className = "form-control";
    editor.style.minHeight = "12rem";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.setAttribute("aria-label", labels.text || "Text");
    editor.setAttribute("data-testid", "rich-editor");
    function sync() {
      textarea.value = editor.innerHTML;
    }
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary " + spec[3];
      button.title = labels[spec[1] || spec[0]] || spec[0];
      // The glyph is decoration; the name is the label, so speech input can say what it sees.
      var glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = spec[2];
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = button.title;
      button.appendChild(glyph);
      button.appendChild(name);
      button.setAttribute("data-testid", "editor-" + (spec[1] || spec[0]));
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the selection in the editor
      });
      button.addEventListener("click", function () {
        editor.focus();
        document.execCommand(spec[0], false, spec[1] ? "<" + spec[1] + ">" : null);
        sync();
      });
      toolbar.appendChild(button);
    });
    var source = document.createElement("button");
    source.type = "button";
    source.className = "btn btn-sm btn-outline-secondary ms-auto text-nowrap";
    source.textContent = labels.source || "HTML";
    source.setAttribute("data-testid", "editor-source");
    source.setAttribute("aria-pressed", "false");
    source.addEventListener("click", function () {
      var showing = textarea.hidden;
      if (!showing) load(editor, textarea.value); // back from the source: read what was typed there
      textarea.hidden = !showing;
      editor.hidden = showing;
      source.setAttribute("aria-pressed", String(showing));
      toolbar.querySelectorAll("button:not([data-testid=editor-source])").forEach(function (b) {
        b.disabled = showing;
      });
    });
    toolbar.appendChild(source);
    load(editor, textarea.value);
    editor.addEventListener("input", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
  });
})();
