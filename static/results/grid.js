// Results grid (step 14): paste cells copied from a spreadsheet into the grid.
// Columns are separated by tabs, rows by new lines. Pasted into the readings column, the cells of one
// spreadsheet row become that point's repeat readings; pasted elsewhere, cells fill the following
// columns. Spreadsheet rows beyond the grid's last row add rows for the same parameter.
// "+ Add row" adds a blank row of the parameter in the page, from the parameter's template row (the button
// posts to the server when script is off).
// Choosing a calibration method while nothing is typed in the grid asks the server for the method's
// suggested points as rows (the "fill points from the method" button, which also works without script).
(function () {
  "use strict";

  function cellsOf(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && lines[lines.length - 1].trim() === "") { lines.pop(); }
    return lines.map(function (line) { return line.split("\t"); });
  }

  function inputsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input[data-col], select[data-col]"));
  }

  function renumber(form, row, index) {
    row.setAttribute("data-row", String(index));
    row.querySelectorAll("[name^='r-']").forEach(function (el) {
      el.name = el.name.replace(/^r-\d+-/, "r-" + index + "-");
    });
  }

  // A blank row of the parameter from its <template>: names r-<index>-..., the page number in its labels.
  function rowFromTemplate(form, paramId, index, unit) {
    var template = form.querySelector("template[data-row-template='" + paramId + "']");
    if (!template) { return null; }
    var row = template.content.querySelector("tr").cloneNode(true);
    row.setAttribute("data-row", String(index));
    row.querySelectorAll("[name]").forEach(function (el) { el.name = el.name.replace("__i__", String(index)); });
    row.querySelectorAll("[aria-label]").forEach(function (el) {
      el.setAttribute("aria-label", el.getAttribute("aria-label").replace("__n__", "+"));
    });
    var unitInput = row.querySelector("input[data-col='unit']");
    if (unitInput && unit) { unitInput.value = unit; }
    return row;
  }

  // After a row is added, the "#" column and the row number in each field's label follow the rows' order.
  function renumberShown(form) {
    var n = 0;
    form.querySelectorAll("[data-paste-grid] tbody tr[data-row]").forEach(function (row) {
      n += 1;
      var cell = row.cells[0];
      var old = cell.textContent.trim();
      if (old === String(n)) { return; }
      cell.textContent = String(n);
      var pattern = /^\d+$/.test(old) ? new RegExp("\\b" + old + "\\b") : /\+/;
      row.querySelectorAll("[aria-label]").forEach(function (el) {
        el.setAttribute("aria-label", el.getAttribute("aria-label").replace(pattern, String(n)));
      });
    });
  }

  function paramOf(row) {
    var input = row.querySelector("input[name$='-param']");
    return input ? input.value : null;
  }

  function insertAfterRow(row, copy) {
    var after = row.nextElementSibling && row.nextElementSibling.classList.contains("point-extra") ? row.nextElementSibling : row;
    after.parentNode.insertBefore(copy, after.nextSibling);
  }

  // The "+ Add row" button of a parameter: a blank row under the parameter's last row, without a reload.
  // The posted row count grows by one; the server reads and checks the new row like any other.
  function onAddRow(event) {
    var button = event.target.closest && event.target.closest("#grid-form button[data-add-row]");
    if (!button) { return; }
    var form = button.form;
    var paramId = button.getAttribute("data-add-row");
    var count = form.querySelector("input[name='rows']");
    var index = parseInt(count.value, 10);
    var own = Array.prototype.filter.call(form.querySelectorAll("[data-paste-grid] tbody tr[data-row]"),
      function (row) { return paramOf(row) === paramId; });
    var last = own[own.length - 1];
    var lastUnit = last && last.querySelector("input[data-col='unit']");
    var copy = rowFromTemplate(form, paramId, index, lastUnit ? lastUnit.value : "");
    if (!copy || !last) { return; }  // the server adds the row
    event.preventDefault();
    insertAfterRow(last, copy);
    count.value = String(index + 1);
    renumberShown(form);
    var first = copy.querySelector("input[data-col], select[data-col]");
    if (first) { first.focus(); }
  }

  function addRowAfter(form, row) {
    var count = form.querySelector("input[name='rows']");
    var fresh = rowFromTemplate(form, paramOf(row), parseInt(count.value, 10),
      (row.querySelector("input[data-col='unit']") || {}).value);
    if (fresh) {
      insertAfterRow(row, fresh);
      count.value = String(parseInt(count.value, 10) + 1);
      renumberShown(form);
      return fresh;
    }
    var index = parseInt(count.value, 10);
    var copy = row.cloneNode(true);
    renumber(form, copy, index);
    copy.querySelectorAll("input[data-col]").forEach(function (el) {
      if (el.getAttribute("data-col") !== "unit") { el.value = ""; }
      el.removeAttribute("autofocus");
    });
    var id = copy.querySelector("input[name$='-id']");
    if (id) { id.value = ""; }
    copy.cells[0].textContent = "+";
    var after = row.nextElementSibling && row.nextElementSibling.classList.contains("point-extra") ? row.nextElementSibling : row;
    after.parentNode.insertBefore(copy, after.nextSibling);
    count.value = String(index + 1);
    return copy;
  }

  function nextRow(row) {
    var next = row.nextElementSibling;
    while (next && !next.hasAttribute("data-row")) { next = next.nextElementSibling; }
    if (next && next.querySelector("input[data-col]")) { return next; }
    return null;
  }

  function onPaste(event) {
    var target = event.target;
    if (!target.matches || !target.matches("[data-paste-grid] input[data-col]")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) { return; }
    event.preventDefault();
    var form = target.form;
    var row = target.closest("tr");
    var rows = cellsOf(text);
    rows.forEach(function (cells, n) {
      if (n > 0) { row = nextRow(row) || addRowAfter(form, row); }
      var inputs = inputsOf(row);
      var start = inputs.findIndex(function (el) { return el.getAttribute("data-col") === target.getAttribute("data-col"); });
      if (target.getAttribute("data-col") === "readings") {
        inputs[start].value = cells.map(function (c) { return c.trim(); }).filter(Boolean).join("; ");
      } else {
        cells.forEach(function (value, c) {
          var el = inputs[start + c];
          if (el && el.tagName === "INPUT") { el.value = value.trim(); }
        });
      }
    });
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function gridIsEmpty(form) {
    return Array.prototype.every.call(
      form.querySelectorAll("input[data-col='nominal'], input[data-col='readings']"),
      function (el) { return el.value.trim() === ""; });
  }

  function onMethodChange(event) {
    var select = event.target;
    if (!select.matches || !select.matches("#grid-form select[name='method']") || !select.value) { return; }
    var form = select.form;
    var button = form.querySelector("button[data-method-points]");
    if (!button || !gridIsEmpty(form)) { return; }
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }

  document.addEventListener("click", onAddRow);
  document.addEventListener("paste", onPaste);
  document.addEventListener("change", onMethodChange);
})();
