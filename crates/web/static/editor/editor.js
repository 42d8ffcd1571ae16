// The article and page editor: a text box marked `data-editor` becomes a Squire editor with the
// toolbar the page renders (hidden until this script runs, so a browser without scripts keeps
// the plain text box, where blank lines make paragraphs). The HTML goes back into the text box
// when the form is sent; the server cleans it again either way.
(function () {
  "use strict";
  function rename(block, tag) {
    if (block.nodeName === tag) return;
    var next = document.createElement(tag);
    while (block.firstChild) next.appendChild(block.firstChild);
    block.parentNode.replaceChild(next, block);
  }
  function setBlocks(editor, tag) {
    editor.modifyBlocks(function (frag) {
      var blocks = frag.querySelectorAll("p, h2, h3, div");
      for (var i = 0; i < blocks.length; i += 1) rename(blocks[i], tag);
      return frag;
    });
  }
  function start(box) {
    var toolbar = document.getElementById(box.getAttribute("data-editor"));
    if (!toolbar || !window.Squire || !window.DOMPurify) return;
    var area = document.createElement("div");
    area.className = "editor-area";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", box.id + "-label");
    box.parentNode.insertBefore(area, box.nextSibling);
    var editor = new window.Squire(area, { blockTag: "P" });
    editor.setHTML(box.value);
    box.hidden = true;
    box.removeAttribute("required");
    toolbar.hidden = false;
    var link = toolbar.querySelector("[data-link-url]");
    var images = toolbar.querySelector("[data-images]");
    var commands = {
      h2: function () { setBlocks(editor, "H2"); },
      h3: function () { setBlocks(editor, "H3"); },
      p: function () { setBlocks(editor, "P"); },
      bold: function () { if (editor.hasFormat("B")) editor.removeBold(); else editor.bold(); },
      italic: function () { if (editor.hasFormat("I")) editor.removeItalic(); else editor.italic(); },
      ul: function () { if (editor.hasFormat("UL")) editor.removeList(); else editor.makeUnorderedList(); },
      ol: function () { if (editor.hasFormat("OL")) editor.removeList(); else editor.makeOrderedList(); },
      link: function () {
        var url = link ? link.value.trim() : "";
        if (url) editor.makeLink(url); else editor.removeLink();
      },
      images: function () { if (images) images.hidden = !images.hidden; },
      undo: function () { editor.undo(); },
      redo: function () { editor.redo(); }
    };
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !toolbar.contains(button)) return;
      event.preventDefault();
      var image = button.getAttribute("data-image");
      if (image) {
        editor.insertImage(image, { alt: button.getAttribute("data-alt") || "" });
        if (images) images.hidden = true;
      } else if (commands[button.getAttribute("data-command")]) {
        commands[button.getAttribute("data-command")]();
      }
      editor.focus();
    });
    box.form.addEventListener("submit", function () {
      box.value = editor.getHTML();
    });
    box.editor = editor;
  }
  var boxes = document.querySelectorAll("textarea[data-editor]");
  for (var i = 0; i < boxes.length; i += 1) start(boxes[i]);
})();
