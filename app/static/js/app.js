// Small, eval-free behaviour. On a shared PC an idle page must not keep showing
// client data: after the clinic's idle time, go to the sign-in page (the server
// has ended the session by then).
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var target = body.getAttribute("data-idle-url");
  if (!seconds || !target) { return; }
  var timer = null;
  function arm() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { window.location.assign(target); }, seconds * 1000 + 1000);
  }
  ["pointerdown", "keydown", "htmx:afterRequest"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
