// The clinic's menu folds behind its "Menu" button on a phone. Without this script the
// button stays hidden and the whole menu shows as a list (templates/includes/nav.html).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-collapsible-nav]").forEach(function (nav) {
    var button = nav.querySelector(".nav-toggle");
    nav.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  });
});
