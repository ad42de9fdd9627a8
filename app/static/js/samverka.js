// Small progressive enhancement; every page works without it.
(function () {
  "use strict";
  // Ask before destructive POSTs that carry data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // The header's menus open without JavaScript (<details>); with it, one stays open at a time and
  // a click elsewhere or Escape closes it.
  function headerMenus() { return document.querySelectorAll(".site-header details"); }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches(".site-header details") || !opened.open) { return; }
    headerMenus().forEach(function (menu) {
      if (menu !== opened && !menu.contains(opened)) { menu.open = false; }
    });
  }, true);
  document.addEventListener("click", function (event) {
    headerMenus().forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    headerMenus().forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
