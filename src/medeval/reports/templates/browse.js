(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-browser]");
  Array.prototype.forEach.call(boxes, function (box) {
    var items = Array.prototype.slice.call(box.querySelectorAll("article.item"));
    var texts = items.map(function (el) { return el.textContent.toLowerCase(); });
    var search = box.querySelector("input[type=search]");
    var group = box.querySelector("select");
    var prev = box.querySelector("button.prev");
    var next = box.querySelector("button.next");
    var info = box.querySelector(".page-info");
    var size = parseInt(box.getAttribute("data-page-size"), 10) || 20;
    var page = 0;
    function apply() {
      var query = search ? search.value.trim().toLowerCase() : "";
      var wanted = group ? group.value : "";
      var shown = [];
      items.forEach(function (el, i) {
        var groups = (el.getAttribute("data-group") || "").split("|");
        var ok = (!query || texts[i].indexOf(query) !== -1) &&
          (!wanted || groups.indexOf(wanted) !== -1);
        el.hidden = true;
        if (ok) { shown.push(el); }
      });
      var pages = Math.max(1, Math.ceil(shown.length / size));
      if (page >= pages) { page = pages - 1; }
      shown.slice(page * size, (page + 1) * size).forEach(function (el) { el.hidden = false; });
      if (info) {
        info.textContent = shown.length + " of " + items.length + " items, page " +
          (page + 1) + " of " + pages;
      }
      if (prev) { prev.disabled = page === 0; }
      if (next) { next.disabled = page >= pages - 1; }
    }
    if (search) { search.addEventListener("input", function () { page = 0; apply(); }); }
    if (group) { group.addEventListener("change", function () { page = 0; apply(); }); }
    if (prev) { prev.addEventListener("click", function () { page -= 1; apply(); }); }
    if (next) { next.addEventListener("click", function () { page += 1; apply(); }); }
    apply();
  });
})();
