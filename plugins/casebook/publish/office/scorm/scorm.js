/* The casebook's SCORM 1.2 module: finds the LMS's API, says the module is under way, and at
   the end reports it completed, with the learner's self-check as the score.

   The API is the object `API` of a window above this one: a parent frame, or the window that
   opened this one, or one of theirs (the SCORM 1.2 run-time's discovery algorithm). Opened
   without an LMS, the module works all the same and says that nothing is recorded.

   What it says is in the page's language, in `data-` attributes of the elements it says it in
   (`scorm.page_words`), `{name}` where it puts a value. */
(function () {
  "use strict";

  /** The API in `win` or a window above it, or null. */
  function search(win) {
    for (var hops = 0; win && hops < 16; hops++) {
      try {
        if (win.API) return win.API;
      } catch (e) {
        return null; /* another origin: not our LMS */
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function findAPI() {
    var api = search(window);
    if (!api) {
      try {
        if (window.opener) api = search(window.opener);
      } catch (e) {
        api = null;
      }
    }
    return api;
  }

  var api = findAPI();
  var started = false;
  var finished = false;
  var lms = document.getElementById("casebook-lms");
  var done = document.getElementById("casebook-finished");

  function call(name) {
    if (!api || typeof api[name] !== "function") return "false";
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      return String(api[name].apply(api, args));
    } catch (e) {
      return "false";
    }
  }

  /** `message` with `{name}` filled in with `value`, taken as it is. */
  function fill(message, name, value) {
    return message.replace("{" + name + "}", function () { return String(value); });
  }

  function set(element, value) {
    return call("LMSSetValue", element, String(value)) === "true";
  }

  if (api && call("LMSInitialize", "") === "true") {
    started = true;
    var status = call("LMSGetValue", "cmi.core.lesson_status");
    if (status === "not attempted" || status === "" || status === "false") {
      set("cmi.core.lesson_status", "incomplete");
      call("LMSCommit", "");
    }
    lms.textContent = lms.getAttribute("data-recorded");
  } else {
    lms.textContent = lms.getAttribute("data-not-recorded");
  }

  /* Where the learner got to, for the platform to resume at. */
  var sections = document.querySelectorAll("section[id]");
  function reached(id) {
    if (started && !finished) {
      set("cmi.core.lesson_location", id);
    }
  }
  Array.prototype.forEach.call(sections, function (section) {
    section.addEventListener("focusin", function () { reached(section.id); });
    section.addEventListener("toggle", function () { reached(section.id); }, true);
  });

  /* At the end, each answer from before the module shows beside its question. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-before]"), function (holder) {
    var before = document.getElementById("before-" + holder.getAttribute("data-before"));
    if (!before) return;
    function show() {
      var text = before.value.trim();
      holder.hidden = !text;
      holder.textContent = text ? fill(holder.getAttribute("data-you-wrote"), "text", text) : "";
    }
    before.addEventListener("input", show);
    show();
  });

  /** The self-check's score from 0 to 100, or null while a question is not rated, or
      undefined when the module has no self-check. */
  function score() {
    var questions = document.querySelectorAll("[data-question]");
    if (!questions.length) return undefined;
    var total = 0;
    for (var i = 0; i < questions.length; i++) {
      var chosen = questions[i].querySelector("input[type=radio]:checked");
      if (!chosen) return null;
      total += Number(chosen.value);
    }
    return Math.round(total / questions.length);
  }

  function finish() {
    if (finished) return;
    var result = score();
    if (result === null) {
      done.textContent = done.getAttribute("data-rate-first");
      var first = document.querySelector("[data-question] input[type=radio]");
      if (first) first.focus();
      return;
    }
    finished = true;
    if (started) {
      if (result !== undefined) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", result);
      }
      set("cmi.core.lesson_status", "completed");
      set("cmi.core.exit", "");
      call("LMSCommit", "");
      call("LMSFinish", "");
    }
    document.getElementById("casebook-finish").disabled = true;
    done.textContent = (result !== undefined ? fill(done.getAttribute("data-scored"), "score", result)
      : done.getAttribute("data-finished")) + (started ? " " + done.getAttribute("data-kept") : "");
  }

  document.getElementById("casebook-finish").addEventListener("click", finish);

  /* Leaving before the end: the platform keeps the progress, to resume later. */
  window.addEventListener("pagehide", function () {
    if (started && !finished) {
      finished = true;
      set("cmi.core.exit", "suspend");
      call("LMSCommit", "");
      call("LMSFinish", "");
    }
  });
})();
