// Scoring sheets (rounds and observations): a running total, and Enter moves down the points
// column instead of submitting half a sheet.
(function () {
  var form = document.getElementById("sheet-form");
  if (!form) { return; }
  var points = Array.prototype.slice.call(form.querySelectorAll("input.sheet-points"));
  var totalCell = document.getElementById("sheet-total");
  function total() {
    var sum = 0;
    points.forEach(function (input) { var v = parseFloat(input.value); if (!isNaN(v)) { sum += v; } });
    if (totalCell) { totalCell.textContent = sum.toFixed(2); }
  }
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") { return; }
    event.preventDefault();
    var index = points.indexOf(event.target);
    if (index >= 0 && index + 1 < points.length) { points[index + 1].focus(); points[index + 1].select(); }
  });
  form.addEventListener("input", total);
  total();
})();
