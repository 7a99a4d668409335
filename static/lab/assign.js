// Analyst choice (step 12): "one analyst for all parameters" fills every parameter's list. Picking a
// different analyst for one parameter afterwards empties the all-parameters choice, since the server
// applies that choice to every parameter when it is set.
(function () {
  "use strict";
  var form = document.getElementById("assign-form");
  if (!form) { return; }
  var all = form.querySelector("select[data-all-analysts]");
  if (!all) { return; }
  function perParameter() {
    return Array.prototype.slice.call(form.querySelectorAll("select[name^='analyst_']")).filter(function (el) {
      return el !== all;
    });
  }
  all.addEventListener("change", function () {
    if (!all.value) { return; }
    perParameter().forEach(function (el) { el.value = all.value; });
  });
  perParameter().forEach(function (el) {
    el.addEventListener("change", function () {
      if (all.value && el.value !== all.value) { all.value = ""; }
    });
  });
})();
