// Small, eval-free behaviour. On a shared PC an idle page must not keep showing
// client data: after the clinic's idle time, go to the sign-in page (the server
// has ended the session by then).
(function () {
  "use strict";
  // A page restored from the back/forward cache is shown without asking the
  // server; ask it again, so that after sign-out or lock Back shows nothing.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var target = body.getAttribute("data-idle-url");
  if (!seconds || !target) { return; }
  var timer = null;
  function arm() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { window.location.assign(target); }, seconds * 1000 + 1000);
  }
  function activity(event) {
    // A poll the page makes by itself (data-passive) is not the person at the screen.
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-passive")) { return; }
    arm();
  }
  ["pointerdown", "keydown", "htmx:afterRequest"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });
  arm();
})();
