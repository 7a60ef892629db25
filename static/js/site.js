// Small enhancements; every page works without them (CSP: no inline script, so they live here).
(function () {
  "use strict";

  // Character counts: "123 of 500 characters", and a clear "too long" (the form refuses it
  // on submit with the same words) instead of maxlength silently cutting the text.
  function updateCount(counter) {
    var field = document.getElementById(counter.dataset.countFor);
    if (!field) return;
    var max = parseInt(counter.dataset.max, 10);
    var length = field.value.replace(/\r\n/g, "\n").length;
    var over = length - max;
    counter.textContent = over > 0
      ? over + (over === 1 ? " character" : " characters") + " too long (" + length + " of " + max + ")."
      : length + " of " + max + " characters.";
    counter.classList.toggle("over", over > 0);
  }
  function setUpCounts(root) {
    root.querySelectorAll(".char-count[data-count-for]").forEach(function (counter) {
      var field = document.getElementById(counter.dataset.countFor);
      if (!field || field.dataset.counted) return;
      field.dataset.counted = "1";
      counter.setAttribute("aria-live", "polite");
      field.addEventListener("input", function () { updateCount(counter); });
      updateCount(counter);
    });
  }

  // Share: copy the page's address; without JavaScript the link is the address itself.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-copy-url]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var status = link.parentElement.querySelector(".copy-status");
      if (status) status.textContent = "Link copied.";
    });
  });

  // The menu closes on Escape and when a click lands outside it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  document.addEventListener("DOMContentLoaded", function () { setUpCounts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setUpCounts(event.target); });
})();
