// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]")) { el.form.submit(); }
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
