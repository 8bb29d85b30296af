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
  // seans:activity: a recording in progress sends a chunk (the therapist is in session).
  ["pointerdown", "keydown", "htmx:afterRequest", "seans:activity"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });
  arm();
})();


// Audio notes (templates/notes/_recorder.html): record with MediaRecorder, send each chunk
// in order as a raw PUT to this site, finish, then let the recording's fragment follow
// the transcription. Every sentence shown comes from the page's data-msg-* attributes.
(function () {
  "use strict";
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"];
  var RETRIES = 4;
  var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  var csrf = headers["X-CSRFToken"] || "";
  var live = false; // a recording on this page is running or still sending

  function refreshStatus() {
    var status = document.getElementById("recording-status");
    if (status && window.htmx) { window.htmx.trigger(status, "recording-refresh"); }
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", body: body || null, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf }
    });
  }

  // While this page records, the fragment must not redraw itself under the recorder.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (live && elt && elt.id === "recording-status") { event.preventDefault(); }
  });
  // An unfinished recording left by an earlier page: delete its audio now.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-discard-url]");
    if (!button) { return; }
    button.disabled = true;
    post(button.getAttribute("data-discard-url")).then(refreshStatus, refreshStatus);
  });

  var box = document.querySelector("[data-recorder]");
  if (!box) { return; }
  var line = box.querySelector("[data-line]");
  var timer = box.querySelector("[data-timer]");
  var language = box.querySelector("[data-language]");
  var buttons = {
    record: box.querySelector("[data-record]"),
    stop: box.querySelector("[data-stop]"),
    cancel: box.querySelector("[data-cancel]")
  };
  var state = null;

  function say(name, isError) {
    line.textContent = box.getAttribute("data-msg-" + name) || "";
    line.classList.toggle("error", !!isError);
  }
  function show(phase) { // idle, starting, recording, sending
    buttons.record.hidden = phase === "recording" || phase === "sending";
    buttons.record.disabled = phase === "starting";
    buttons.stop.hidden = phase !== "recording";
    buttons.cancel.hidden = phase !== "recording" && phase !== "sending";
    language.disabled = phase !== "idle";
    box.classList.toggle("is-recording", phase === "recording");
  }
  function chosenType() {
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return null;
    }
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i])) { return TYPES[i]; }
    }
    return null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var seconds = Math.floor((Date.now() - state.startedAt) / 1000);
    timer.textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }
  function HttpError(status) { this.status = status; }

  function release(current) {
    if (current.ticker) { clearInterval(current.ticker); current.ticker = null; }
    if (current.stream) {
      current.stream.getTracks().forEach(function (track) { track.stop(); });
      current.stream = null;
    }
    if (current.wakeLock) { current.wakeLock.release().catch(function () {}); current.wakeLock = null; }
  }
  function end(current, message, isError) {
    release(current);
    if (state === current) { state = null; }
    live = false;
    show("idle");
    say(message, isError);
    refreshStatus();
  }

  // Chunks go strictly one after another; a failed PUT is tried again a few times.
  function pump(current) {
    if (current.done || current.sending) { return; }
    if (!current.queue.length) {
      if (current.stopped) { finish(current); }
      return;
    }
    current.sending = true;
    send(current, current.queue[0], 0);
  }
  function send(current, blob, attempt) {
    fetch(current.info.chunks_url + "/" + current.index, {
      method: "PUT", body: blob, credentials: "same-origin",
      headers: { "Content-Type": "application/octet-stream", "X-CSRFToken": csrf }
    }).then(function (response) {
      if (current.done) { return; }
      if (response.ok) {
        current.queue.shift();
        current.index += 1;
        current.sending = false;
        document.dispatchEvent(new CustomEvent("seans:activity"));
        pump(current);
      } else if (response.status >= 500 && attempt < RETRIES) {
        again(current, blob, attempt);
      } else {
        fail(current, new HttpError(response.status));
      }
    }, function () {
      if (current.done) { return; }
      if (attempt < RETRIES) { again(current, blob, attempt); } else { fail(current, new HttpError(0)); }
    });
  }
  function again(current, blob, attempt) {
    setTimeout(function () { send(current, blob, attempt + 1); }, 1000 * (attempt + 1));
  }
  function finish(current) {
    if (current.done) { return; }
    current.done = true;
    if (!current.index) {
      post(current.info.discard_url).catch(function () {});
      end(current, "empty", false);
      return;
    }
    post(current.info.finish_url).then(function (response) {
      if (!response.ok) { throw new HttpError(response.status); }
      end(current, current.tooLong ? "too-long" : "sent", !!current.tooLong);
    }).catch(function () { end(current, "failed", true); });
  }
  function fail(current, error) {
    if (current.done) { return; }
    if (error && error.status === 413 && current.index) {
      // Over the length limit: keep what arrived and have it transcribed.
      current.tooLong = true;
      current.queue = [];
      current.sending = false;
      stopRecorder(current);
      pump(current); // finishes now if the recorder had already stopped
      return;
    }
    current.done = true;
    stopRecorder(current);
    if (current.info) { post(current.info.discard_url).catch(function () {}); }
    var message = "failed";
    if (error && error.status === 403) { message = "consent"; }
    if (error && error.status === 413) { message = "too-long"; }
    if (error && (error.name === "NotAllowedError" || error.name === "NotFoundError" ||
                  error.name === "NotReadableError" || error.name === "SecurityError")) {
      message = "no-mic";
    }
    end(current, message, true);
  }
  function stopRecorder(current) {
    if (current.recorder && current.recorder.state !== "inactive") {
      current.recorder.stop();
    } else {
      current.stopped = true;
      release(current);
    }
  }

  function start() {
    var type = chosenType();
    if (!type || state) { return; }
    var current = { queue: [], index: 0, sending: false, stopped: false, done: false };
    state = current;
    live = true;
    show("starting");
    say("mic", false);
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      current.stream = stream;
      if (current.done) { release(current); return null; }
      var form = new FormData();
      form.append("type", type);
      form.append("language", language.value);
      return post(box.getAttribute("data-start-url"), form).then(function (response) {
        if (response.status !== 201) { throw new HttpError(response.status); }
        return response.json();
      }).then(function (info) {
        current.info = info;
        var limit = info.max_chunk_bytes || 1048576;
        var recorder = new MediaRecorder(stream, { mimeType: type });
        current.recorder = recorder;
        recorder.addEventListener("dataavailable", function (event) {
          if (current.done || current.tooLong || !event.data || !event.data.size) { return; }
          for (var at = 0; at < event.data.size; at += limit) {
            current.queue.push(event.data.slice(at, at + limit));
          }
          pump(current);
        });
        recorder.addEventListener("stop", function () {
          current.stopped = true;
          release(current);
          pump(current);
        });
        recorder.start(4000);
        current.startedAt = Date.now();
        current.ticker = setInterval(tick, 500);
        tick();
        if (navigator.wakeLock) { // keep the tablet's screen on while it records
          navigator.wakeLock.request("screen").then(function (lock) {
            current.wakeLock = lock;
          }, function () {});
        }
        show("recording");
        say("recording", false);
      });
    }).catch(function (error) { fail(current, error); });
  }
  function stop() {
    if (!state || !state.recorder) { return; }
    show("sending");
    say("sending", false);
    stopRecorder(state);
  }
  function cancel() {
    var current = state;
    if (!current) { return; }
    current.done = true;
    current.queue = [];
    stopRecorder(current);
    var discarded = current.info ? post(current.info.discard_url) : Promise.resolve();
    discarded.then(function () { end(current, "cancelled", false); },
                   function () { end(current, "failed", true); });
  }

  if (!chosenType()) {
    buttons.record.disabled = true;
    say("unsupported", true);
    return;
  }
  buttons.record.addEventListener("click", start);
  buttons.stop.addEventListener("click", stop);
  buttons.cancel.addEventListener("click", cancel);
  window.addEventListener("beforeunload", function (event) {
    if (!live) { return; }
    event.preventDefault();
    event.returnValue = box.getAttribute("data-msg-leave") || "";
  });
})();
