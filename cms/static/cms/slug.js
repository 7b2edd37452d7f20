// The page editor's slug, transliterated on the server as the page's language does it
// (cms.views.slugify_title): Wagtail's own JavaScript turns Х into "x" and drops ѓ, ќ, ѕ.
// The slug follows the title while it is empty, was filled from the title (by Wagtail or by
// this script), or the page is new; once an editor types a slug of their own it stays.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-slug-url");
  function start() {
    var title = document.getElementById("id_title");
    var slug = document.getElementById("id_slug");
    if (!url || !title || !slug) return;
    var match = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
    var parent = window.location.pathname.match(/\/pages\/add\/[^/]+\/[^/]+\/(\d+)\//);
    var target = match ? "page=" + match[1] : parent ? "parent=" + parent[1] : "";
    var lastSet = null;
    var before = null;
    var timer = null;
    title.addEventListener(
      "input",
      function () {
        if (before === null) before = slug.value;
      },
      true
    );
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 300);
    });
    function update() {
      var follows = slug.value === "" || slug.value === lastSet || slug.value !== before;
      before = null;
      if (!follows) return;
      var query = "?title=" + encodeURIComponent(title.value) + (target ? "&" + target : "");
      fetch(url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && data.slug) {
            slug.value = data.slug;
            lastSet = data.slug;
          }
        })
        .catch(function () {});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
