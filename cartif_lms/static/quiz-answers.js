// Saves each answer of a quiz attempt as the learner gives it, so a connection that drops
// before "Submit" loses nothing already saved. Without this script the page still works:
// "Save without submitting" and "Submit answers" post the whole form.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form[data-save-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var token = form.querySelector("input[name=csrf_token]").value;
  // One save at a time, in order: two quick changes to one question must not arrive swapped.
  var queue = Promise.resolve();

  function fieldsOf(fieldset) {
    var body = new FormData();
    body.append("csrf_token", token);
    fieldset.querySelectorAll("input, select, textarea").forEach(function (field) {
      var box = field.type === "radio" || field.type === "checkbox";
      if (field.name && (!box || field.checked)) {
        body.append(field.name, field.value);
      }
    });
    return body;
  }

  function save(fieldset) {
    var status = fieldset.querySelector(".save-status");
    var body = fieldsOf(fieldset);
    status.textContent = form.dataset.saving;
    queue = queue.then(function () {
      return fetch(form.dataset.saveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(
        function (response) {
          status.textContent = response.ok ? form.dataset.saved : form.dataset.notSaved;
        },
        function () {
          status.textContent = form.dataset.notSaved;
        }
      );
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) {
      save(fieldset);
    }
  });
})();
