// Live word count for textareas that carry data-word-counter="MIN" (the idea's design).
(function () {
  function update(area) {
    var out = document.querySelector('[data-word-count-for="' + area.id + '"]');
    if (!out) return;
    var words = (area.value.match(/[\p{L}\p{N}_]+/gu) || []).length;
    var min = parseInt(area.dataset.wordCounter, 10);
    out.textContent = out.textContent.replace(/^\d+/, String(words));
    out.classList.toggle("short", words < min);
  }
  function bind(root) {
    root.querySelectorAll("textarea[data-word-counter]").forEach(function (area) {
      update(area);
      area.addEventListener("input", function () { update(area); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
  document.addEventListener("htmx:afterSwap", function (event) { bind(event.target); });
})();
