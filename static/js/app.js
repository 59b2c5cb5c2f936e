// Confirm before anything destructive: a form with data-confirm asks first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Print buttons: a button with data-print prints the page (no inline handlers: the CSP allows none).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});

// A select with data-autosubmit submits its form when changed; a field with data-select-on-focus
// selects its text when focused (to copy a link).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
document.addEventListener("focusin", function (event) {
  var field = event.target;
  if (field.hasAttribute && field.hasAttribute("data-select-on-focus") && field.select) {
    field.select();
  }
});
