// The console works without this script; it adds copy buttons, opens the
// one-time secret dialog, and keeps reloads from resubmitting forms.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var src = document.getElementById(btn.getAttribute("data-copy"));
      var text = src.value !== undefined ? src.value : src.textContent;
      navigator.clipboard.writeText(text.trim()).then(function () {
        btn.textContent = "Copied";
        setTimeout(function () { btn.textContent = "Copy"; }, 2000);
      }, function () {
        src.select && src.select();
      });
    });
  });
  var dialog = document.getElementById("secret-dialog");
  if (dialog) {
    // Point this history entry at the page's own GET address: a reload
    // then fetches the page afresh, without the secret, instead of
    // posting the form again.
    var to = dialog.getAttribute("data-replace-url");
    if (to && window.history.replaceState) {
      window.history.replaceState(null, "", to);
    }
    // The page renders the dialog open, for browsers without scripts;
    // reopen it modal so the page behind waits until the key is stored.
    if (dialog.showModal) {
      dialog.close();
      dialog.showModal();
    }
  }
  document.querySelectorAll("input[name=preset]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var scopes = (radio.getAttribute("data-scopes") || "").split(" ");
      if (radio.value === "custom") return;
      document.querySelectorAll("input[name=permissions]").forEach(function (box) {
        box.checked = scopes.indexOf(box.value) >= 0;
      });
    });
  });
  document.querySelectorAll("input[name=permissions]").forEach(function (box) {
    box.addEventListener("change", function () {
      var custom = document.querySelector("input[name=preset][value=custom]");
      if (custom) custom.checked = true;
    });
  });
})();
