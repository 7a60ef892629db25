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

  // Keyboard focus across an in-place swap: htmx gives focus to the new element of the same
  // id only if the old one still has it when the answer comes, and a button disabled while
  // its request runs (data-hx-disabled-elt) has lost it by then (focus falls to the body).
  // So each request remembers the id that had focus inside its target, and focus goes to
  // that id's successor when nothing else took it meanwhile.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement, target = event.detail.target;
    if (active && active.id && target && target.contains(active)) event.detail.xhr.convFocusId = active.id;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.xhr && event.detail.xhr.convFocusId;
    var successor = id && document.getElementById(id);
    if (successor && (!document.activeElement || document.activeElement === document.body)) {
      successor.focus({ preventScroll: true });
    }
  });

  // A form sent back with its errors: focus goes to the first field in error, whose error
  // is tied to it (aria-describedby), so it is read out; Tab goes on from there.
  function focusFirstError() {
    var invalid = document.querySelector("main form [aria-invalid=true]");
    if (invalid && (!document.activeElement || document.activeElement === document.body)) invalid.focus();
  }

  document.addEventListener("DOMContentLoaded", function () { setUpCounts(document); focusFirstError(); });
  document.addEventListener("htmx:afterSettle", function (event) { setUpCounts(event.target); });
})();

// Back and Forward through an htmx search (archive, roster): htmx restores the results it
// saved, but a form's typed values are not part of that snapshot. The address holds the
// search, so the form is set from it.
document.addEventListener("htmx:historyRestore", function () {
  var params = new URLSearchParams(location.search);
  document.querySelectorAll("form[role=search]").forEach(function (form) {
    if (new URL(form.action, location.href).pathname !== location.pathname) return;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") return;
      var value = params.get(field.name);
      if (field.tagName === "SELECT") {
        field.value = value === null ? (field.options[0] ? field.options[0].value : "") : value;
      } else if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value !== null && value === field.value;
      } else {
        field.value = value === null ? "" : value;
      }
    });
  });
});
