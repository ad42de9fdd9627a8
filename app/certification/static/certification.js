// Hide questions whose "shown only if" condition is not met by the answers on the page.
// Without JavaScript every question shows with a note saying when to answer it.
(function () {
  "use strict";
  function chosen(form, key) {
    var values = [];
    form.querySelectorAll("[name='q-" + key + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && input.checked) { values.push(input.value); }
    });
    form.querySelectorAll("select[name^='q-" + key + "-']").forEach(function (select) {
      if (select.value) { values.push(select.name.slice(("q-" + key + "-").length)); }
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var key = block.getAttribute("data-show-if");
      if (!form.querySelector("[name^='q-" + key + "']")) { return; }  // decided in an earlier section
      var wanted = block.getAttribute("data-show-values").split(" ");
      var show = chosen(form, key).some(function (v) { return wanted.indexOf(v) !== -1; });
      block.hidden = !show;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("section-form");
    if (!form) { return; }
    document.documentElement.classList.add("js");
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
})();
