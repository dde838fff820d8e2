// Progressive enhancement for the self-assessment sheet: keep "n of N rated" up to date.
(function () {
  "use strict";
  var form = document.querySelector("form.sheet");
  if (!form) { return; }
  var counter = form.querySelector(".sheet-count[data-template]");
  function update() {
    var names = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) { names[input.name] = true; });
    counter.textContent = counter.dataset.template.replace("__n__", String(Object.keys(names).length));
  }
  if (counter) { form.addEventListener("change", update); }
})();
