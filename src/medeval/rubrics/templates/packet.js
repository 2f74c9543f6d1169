(function () {
  "use strict";
  var body = document.body;
  var panel = body.getAttribute("data-panel");
  var rater = body.getAttribute("data-rater");
  var columns = body.getAttribute("data-columns").split(",");
  var criteria = body.getAttribute("data-criteria").split(",");
  var hasHelpful = body.getAttribute("data-has-helpful") === "yes";
  var unit = body.getAttribute("data-unit") || "answers";
  var storageKey = "medeval-panel:" + panel + ":" + rater;
  var items = Array.prototype.slice.call(document.querySelectorAll("article.item"));
  var progress = document.getElementById("progress");
  var stateNote = document.getElementById("storage-state");
  var state = {};
  var storage = null;

  try {
    storage = window.localStorage;
    state = JSON.parse(storage.getItem(storageKey) || "{}") || {};
  } catch (error) {
    storage = null;
    stateNote.textContent = "This browser does not let the page save ratings: export before closing.";
  }

  function save() {
    if (!storage) { return; }
    try {
      storage.setItem(storageKey, JSON.stringify(state));
      stateNote.textContent = "Saved in this browser.";
    } catch (error) {
      stateNote.textContent = "Could not save in this browser: export before closing.";
    }
  }

  function complete(id) {
    var entry = state[id] || {};
    var needed = criteria.slice();
    if (hasHelpful) { needed.push("helpful"); }
    return needed.every(function (name) { return entry[name]; });
  }

  function refresh() {
    var done = items.filter(function (el) { return complete(el.getAttribute("data-item")); });
    progress.textContent = done.length + " of " + items.length + " " + unit + " fully rated";
    items.forEach(function (el) {
      el.classList.toggle("done", complete(el.getAttribute("data-item")));
    });
  }

  items.forEach(function (el) {
    var id = el.getAttribute("data-item");
    var entry = state[id] || {};
    Array.prototype.forEach.call(el.querySelectorAll("input[type=radio]"), function (input) {
      var field = input.name.slice(id.length + 1);
      input.checked = entry[field] === input.value;
      input.addEventListener("change", function () {
        state[id] = state[id] || {};
        state[id][field] = input.value;
        save();
        refresh();
      });
    });
    // A checkbox (a flag such as "harmful") exports "yes" when ticked, "no" once unticked.
    Array.prototype.forEach.call(el.querySelectorAll("input[type=checkbox]"), function (input) {
      var field = input.name.slice(id.length + 1);
      input.checked = entry[field] === "yes";
      input.addEventListener("change", function () {
        state[id] = state[id] || {};
        state[id][field] = input.checked ? "yes" : "no";
        save();
        refresh();
      });
    });
    var box = el.querySelector("textarea");
    if (box) {
      box.value = entry.comment || "";
      box.addEventListener("input", function () {
        state[id] = state[id] || {};
        state[id].comment = box.value;
        save();
      });
    }
  });

  // A cell a spreadsheet would run as a formula (=, +, -, @, after any blanks) gets a leading
  // "'" (and one already led by "'" one more), so it opens as text; the importer
  // (medeval.rubrics.ratings.restore_cell) removes exactly that one "'".
  // The blanks are JavaScript's \s, spelled out so ratings.py matches exactly the same ones.
  var FORMULA = /^'*[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*[=+\-@]/;

  function neutralise(text) {
    return FORMULA.test(text) ? "'" + text : text;
  }

  function cell(value) {
    var text = neutralise(value === undefined || value === null ? "" : String(value));
    if (/[",\r\n]/.test(text)) { text = "\"" + text.replace(/"/g, "\"\"") + "\""; }
    return text;
  }

  function csv() {
    var lines = [columns.map(cell).join(",")];
    items.forEach(function (el) {
      var id = el.getAttribute("data-item");
      var entry = state[id] || {};
      var row = columns.map(function (column) {
        if (column === "panel") { return panel; }
        if (column === "rater") { return rater; }
        if (column === "item") { return id; }
        return entry[column] || "";
      });
      lines.push(row.map(cell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  document.getElementById("export").addEventListener("click", function () {
    var blob = new Blob([csv()], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "ratings-" + rater + ".csv";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });

  refresh();
}());
