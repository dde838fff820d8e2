// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Selects that submit their form when a choice is made: with a pointer at once. With the keyboard, arrows
  // and typed letters change the value in place, so a change from the keyboard only shows the form's own
  // button and Enter submits: moving through the options never reloads the page (WCAG 3.2.2, 2.1.1).
  var keyed = null;
  var autosubmit = function (el) { return el.matches && el.matches("select[data-autosubmit]"); };
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!autosubmit(el)) { return; }
    if (event.key === "Enter") { event.preventDefault(); el.form.submit(); }
    else if (event.key !== "Tab" && event.key !== "Shift") { keyed = el; }
  });
  document.addEventListener("pointerdown", function () { keyed = null; });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!autosubmit(el)) { return; }
    if (keyed !== el) { el.form.submit(); return; }
    el.form.querySelectorAll(".js-hide").forEach(function (button) { button.classList.remove("js-hide"); });
  });
  // "Select all" checkboxes for bulk actions: <input type="checkbox" data-select-all="name">
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("input[data-select-all]")) {
      var boxes = el.form.querySelectorAll('input[type="checkbox"][name="' + el.dataset.selectAll + '"]');
      boxes.forEach(function (box) { box.checked = el.checked; });
    }
  });
  // Confirm destructive actions: <button data-confirm="Are you sure?">
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.dataset.confirm)) { event.preventDefault(); }
  });
})();
