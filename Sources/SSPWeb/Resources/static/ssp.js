// Small enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var summary = document.getElementById("error-summary") || document.getElementById("conflict");
  if (summary) { summary.focus(); }
  // The queue: j and k move between the tickets' links, Enter follows one (the link's own behaviour).
  var list = document.querySelector("[data-keyboard-list]");
  if (list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.row-link"));
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) { return; }
      if (event.key !== "j" && event.key !== "k") { return; }
      var index = links.indexOf(document.activeElement);
      var next = event.key === "j" ? Math.min(links.length - 1, index + 1) : Math.max(0, index - 1);
      if (links[next]) { links[next].focus(); event.preventDefault(); }
    });
  }
});
