// The intake form lists similar earlier questions as the group types. Without this script the
// "Look for similar questions" button does the same by sending the form (nothing is saved).
(function () {
  "use strict";
  var DELAY = 500;
  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector(".req-similar[data-similar-url]");
    var results = document.getElementById("similar-results");
    if (!section || !results || !window.fetch || !window.URLSearchParams) { return; }
    var form = section.closest("form");
    var title = form.querySelector("[name=title]");
    var question = form.querySelector("[name=question]");
    var organisation = form.querySelector("[name=organisation_id]");
    var timer = null;
    var asked = 0;
    var last = "";

    function look() {
      var params = new URLSearchParams();
      params.set("title", title ? title.value : "");
      params.set("question", question ? question.value : "");
      if (organisation && organisation.value) { params.set("organisation_id", organisation.value); }
      if (section.dataset.exclude) { params.set("exclude", section.dataset.exclude); }
      var query = params.toString();
      if (query === last) { return; }
      last = query;
      var mine = ++asked;
      fetch(section.dataset.similarUrl + "?" + query, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && mine === asked) { results.innerHTML = html; }
        })
        .catch(function () { /* the button still works */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(look, DELAY);
    }

    [title, question].forEach(function (input) {
      if (input) { input.addEventListener("input", later); }
    });
    if (organisation) { organisation.addEventListener("change", later); }
  });
})();
