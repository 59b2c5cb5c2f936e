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

// The browser's own validation messages come in the browser's language ("Please fill out this field"),
// not the page's: each invalid field gets the page's message instead, from the translated texts
// base.html puts on <body>, and loses it as soon as the field is edited (else it would stay invalid).
(function () {
  var texts = document.body ? document.body.dataset : {};

  function fill(text, field) {
    return text
      .replace("{min}", field.getAttribute("min") || field.getAttribute("minlength") || "")
      .replace("{max}", field.getAttribute("max") || field.getAttribute("maxlength") || "");
  }

  function message(field) {
    var v = field.validity;
    var type = (field.getAttribute("type") || "").toLowerCase();
    if (v.valueMissing) {
      if (field.tagName === "SELECT" || type === "radio") return texts.invalidChoiceMissing;
      if (type === "checkbox") return texts.invalidCheckMissing;
      return texts.invalidValueMissing;
    }
    if (v.badInput) return texts.invalidBadInput;
    if (v.typeMismatch) {
      if (type === "email") return texts.invalidTypeEmail;
      if (type === "url") return texts.invalidTypeUrl;
      return texts.invalidTypeMismatch;
    }
    if (v.rangeUnderflow) return texts.invalidRangeUnderflow;
    if (v.rangeOverflow) return texts.invalidRangeOverflow;
    if (v.tooLong) return texts.invalidTooLong;
    if (v.tooShort) return texts.invalidTooShort;
    if (v.patternMismatch) return field.title || texts.invalidPatternMismatch;
    if (v.stepMismatch) return texts.invalidStepMismatch;
    return "";
  }

  // "invalid" does not bubble: listen in the capture phase.
  document.addEventListener(
    "invalid",
    function (event) {
      var field = event.target;
      if (!field.setCustomValidity) return;
      field.setCustomValidity("");
      var text = message(field);
      if (text) field.setCustomValidity(fill(text, field));
    },
    true
  );

  function clear(event) {
    var field = event.target;
    if (field.setCustomValidity && field.validity && field.validity.customError) field.setCustomValidity("");
  }
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
})();
