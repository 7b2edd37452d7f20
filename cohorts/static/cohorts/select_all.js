// "Select all on this page" for the selection list's bulk form; without JS the box stays hidden.
(function () {
  var all = document.getElementById("select-all");
  if (!all) return;
  var boxes = document.querySelectorAll("#bulk-form .bulk-pick");
  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
})();
