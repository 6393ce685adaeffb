// Makes the register quick at the door: a mark, a check-in or walk-ins are
// sent in the background and the page's main part is put in place from the
// answer (the register as it now is, or the form with what was wrong),
// keeping the scroll and the focus. Without JavaScript, or when anything
// goes wrong here, the forms post as usual and the page reloads.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }
  var busy = false;

  function fallback(form, submitter) {
    form.setAttribute("data-register-native", "");
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-register") || form.hasAttribute("data-register-native")) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    var submitter = event.submitter || null;
    var body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    // Where the person carries on: the next reference to type, or the
    // button just pressed.
    var focusID = form.getAttribute("data-register-focus") ||
      (submitter && submitter.id ? submitter.id : (document.activeElement && document.activeElement.id));
    busy = true;
    document.body.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (res) {
      return res.text().then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("main-content");
        var main = document.getElementById("main-content");
        if (!fresh || !main || !doc.getElementById("register-live")) {
          throw new Error("not a register page");
        }
        var live = document.getElementById("register-live");
        var freshLive = doc.getElementById("register-live");
        main.innerHTML = fresh.innerHTML;
        document.title = doc.title;
        // Announce the message in the live region that was already there.
        var now = document.getElementById("register-live");
        if (live && now && freshLive) {
          now.parentNode.replaceChild(live, now);
          live.innerHTML = freshLive.innerHTML;
        }
        var problem = main.querySelector(".ds_error-summary");
        var target = (res.ok && focusID && document.getElementById(focusID)) || problem;
        if (target) {
          if (target === problem) {
            target.setAttribute("tabindex", "-1");
          }
          target.focus({ preventScroll: !problem || target !== problem });
        }
      });
    }).catch(function () {
      fallback(form, submitter);
    }).then(function () {
      busy = false;
      document.body.removeAttribute("aria-busy");
    });
  });
})();
