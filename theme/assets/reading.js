// Reading controls in the header (适老化): text size in three steps and a high-contrast scheme.
// The choice is stored with Material's __md_set (localStorage, scoped to this site) and applied
// to <html> before the first paint by the inline script in theme/main.html.
(function () {
  "use strict";
  var SIZES = ["", "1", "2"];
  var SIZE_NAMES = ["标准", "大", "特大"];
  var root = document.documentElement;

  function load() {
    try {
      var saved = __md_get("__reading") || {};
      return { size: SIZES.indexOf(saved.size) > 0 ? saved.size : "", contrast: saved.contrast === true };
    } catch (e) {
      return { size: "", contrast: false };
    }
  }

  function apply(prefs) {
    if (prefs.size) root.setAttribute("data-reading-size", prefs.size);
    else root.removeAttribute("data-reading-size");
    if (prefs.contrast) root.setAttribute("data-reading-contrast", "high");
    else root.removeAttribute("data-reading-contrast");
    var step = SIZES.indexOf(prefs.size);
    var next = SIZE_NAMES[(step + 1) % SIZES.length];
    document.querySelectorAll("[data-reading=size]").forEach(function (button) {
      // The accessible name is the visible text plus the hint, never a different label.
      button.querySelector(".reading-button__state").textContent = SIZE_NAMES[step];
      button.querySelector(".reading-button__hint").textContent = "，按下改为" + next;
    });
    document.querySelectorAll("[data-reading=contrast]").forEach(function (button) {
      button.setAttribute("aria-pressed", prefs.contrast ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-reading]");
    if (!button) return;
    var prefs = load();
    if (button.getAttribute("data-reading") === "size") {
      prefs.size = SIZES[(SIZES.indexOf(prefs.size) + 1) % SIZES.length];
    } else {
      prefs.contrast = !prefs.contrast;
    }
    __md_set("__reading", prefs);
    apply(prefs);
  });

  apply(load());
})();
