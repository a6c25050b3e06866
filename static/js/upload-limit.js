// File inputs that carry data-max-bytes (clinics/uploads.py LimitedFileInput): a file over
// the limit is refused before it is sent, with the server's own message (data-too-large,
// "{size}" standing for the chosen file's size). The server checks again in any case.
// One listener on the document serves every such input, also those htmx swaps in later.
(function () {
  function megabytes(bytes) {
    var lang = document.documentElement.lang || undefined;
    var value = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(bytes / 1048576);
    return value + "\u00a0MB";
  }
  function note(input) {
    var id = input.id + "-too-large";
    var out = document.getElementById(id);
    if (!out) {
      out = document.createElement("p");
      out.id = id;
      out.className = "errorlist";
      out.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", out);
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + id).trim());
    }
    return out;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var max = parseInt(input.dataset.maxBytes, 10);
    var file = input.files && input.files[0];
    if (file && file.size > max) {
      note(input).textContent = input.dataset.tooLarge.replace("{size}", megabytes(file.size));
      input.value = "";
    } else if (document.getElementById(input.id + "-too-large")) {
      note(input).textContent = "";
    }
  });
})();
