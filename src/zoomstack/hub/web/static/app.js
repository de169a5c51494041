// zoomstack dashboard: live updates over the hub's /ws, transcript search, transcripts
// that follow the player, action items.
// Pages are rendered on the server; on a live event this script fetches the page again
// and swaps in the regions (elements with data-live) that the event concerns.
(function () {
  "use strict";

  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) document.cookie = "zs_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";

  var TOASTS = {
    "meeting.created": function (d) { return "Scheduled: " + topic(d); },
    "meeting.started": function (d) { return "Started: " + topic(d); },
    "meeting.ended": function (d) { return "Ended: " + topic(d); },
    "recording.completed": function () { return "A recording is ready in Zoom; fetching it"; },
    "summary.ready": function () { return "A meeting summary is ready"; }
  };

  function topic(data) { return (data && data.meeting && data.meeting.topic) || "a meeting"; }

  function toast(text) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = document.createElement("div");
    item.className = "toast";
    item.textContent = text;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 5000);
  }

  function setState(state, text) {
    var el = document.getElementById("live-status");
    if (!el) return;
    el.dataset.state = state;
    el.querySelector(".live-text").textContent = text;
  }

  // -- refreshing regions ------------------------------------------------------------
  var pending = new Set();
  var timer = null;

  function concerns(region, event) {
    return (region.dataset.live || "").split(",").some(function (prefix) {
      prefix = prefix.trim();
      return prefix && event.indexOf(prefix) === 0;
    });
  }

  function busy(region) {
    var playing = Array.prototype.some.call(region.querySelectorAll("video, audio"), function (m) { return !m.paused; });
    return playing;
  }

  function queue(event) {
    document.querySelectorAll("[data-live]").forEach(function (region) {
      if (region.id && concerns(region, event)) pending.add(region.id);
    });
    if (pending.size && !timer) timer = setTimeout(refresh, 300);
  }

  function refresh() {
    timer = null;
    var ids = Array.from(pending);
    pending.clear();
    fetch(location.href, { headers: { "X-Requested-With": "zoomstack-live" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ids.forEach(function (id) { swap(id, fresh); });
      })
      .catch(function () { /* the next event tries again */ });
  }

  function swap(id, fresh) {
    var old = document.getElementById(id);
    var next = fresh.getElementById(id);
    if (!old || !next || old.innerHTML === next.innerHTML) return;
    if (busy(old)) { pending.add(id); if (!timer) timer = setTimeout(refresh, 5000); return; }
    var search = old.querySelector("#transcript-search");
    var query = search ? search.value : "";
    var hadFocus = search && document.activeElement === search;
    old.replaceWith(next);
    var again = next.querySelector("#transcript-search");
    if (again && query) { again.value = query; filter(again); }
    if (again && hadFocus) again.focus();
  }

  // -- the live socket ---------------------------------------------------------------
  var delay = 1000;

  function connect() {
    fetch("/app/live-token", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) { open(body.token); })
      .catch(function () { retry(); });
  }

  function open(token) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws");
    var ping = null;
    socket.onopen = function () { socket.send(JSON.stringify({ type: "auth", token: token })); };
    socket.onmessage = function (message) {
      var body;
      try { body = JSON.parse(message.data); } catch (e) { return; }
      if (body.type === "ready") {
        delay = 1000;
        setState("live", "Live");
        ping = setInterval(function () { socket.send(JSON.stringify({ type: "ping" })); }, 25000);
      } else if (body.type === "event") {
        document.dispatchEvent(new CustomEvent("zoomstack:event", { detail: body }));
        if (TOASTS[body.event]) toast(TOASTS[body.event](body.data));
        queue(body.event);
      }
    };
    socket.onclose = function () {
      if (ping) clearInterval(ping);
      setState("offline", "Offline");
      retry();
    };
  }

  function retry() {
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30000);
  }

  // -- transcript search -------------------------------------------------------------
  function filter(input) {
    var list = document.querySelector(input.dataset.filter);
    if (!list) return;
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    list.querySelectorAll("li").forEach(function (item) {
      var said = item.querySelector(".said");
      var text = said.dataset.text || said.textContent;
      said.dataset.text = text;
      var at = query ? text.toLowerCase().indexOf(query) : -1;
      var match = !query || at >= 0 || item.querySelector(".speaker").textContent.toLowerCase().indexOf(query) >= 0;
      item.hidden = !match;
      said.textContent = "";
      if (at >= 0) {
        said.append(text.slice(0, at));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(at, at + query.length);
        said.append(mark, text.slice(at + query.length));
      } else {
        said.textContent = text;
      }
      if (match) shown += 1;
    });
    var count = document.getElementById("search-count");
    if (count) count.textContent = query ? shown + " matching" : "";
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches("input[data-filter]")) filter(e.target);
  });

  // -- transcripts that follow a player ---------------------------------------------
  // A list with data-follows="<selector of media elements>" holds cues with data-start
  // (and data-end) in seconds: the one being played is marked, and a click on a cue
  // plays from there. Listeners sit on the document, so regions swapped in keep working.
  function followers(media) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-follows]"), function (list) {
      return media.matches(list.dataset.follows);
    });
  }

  function cueAt(list, time) {
    var found = null;
    list.querySelectorAll("[data-start]").forEach(function (cue) {
      var start = parseFloat(cue.dataset.start), end = parseFloat(cue.dataset.end);
      if (start <= time && (isNaN(end) || time < end || !found)) found = cue;
    });
    return found;
  }

  function mark(media) {
    followers(media).forEach(function (list) {
      var cue = cueAt(list, media.currentTime);
      var old = list.querySelector("[aria-current]");
      if (old === cue) return;
      if (old) { old.removeAttribute("aria-current"); old.classList.remove("current"); }
      if (!cue) return;
      cue.setAttribute("aria-current", "true");
      cue.classList.add("current");
      var top = cue.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top + cue.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = Math.max(top - list.clientHeight / 3, 0);
      }
    });
  }

  ["timeupdate", "seeked"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      if (e.target.matches && e.target.matches("audio, video")) mark(e.target);
    }, true);
  });

  document.addEventListener("click", function (e) {
    var cue = e.target.closest && e.target.closest("[data-follows] [data-start]");
    if (!cue || (e.target.closest("a, input") && !e.target.closest(".seek"))) return;
    var media = document.querySelector(cue.closest("[data-follows]").dataset.follows);
    if (!media) return;
    media.currentTime = parseFloat(cue.dataset.start);
    var playing = media.play();
    if (playing && playing.catch) playing.catch(function () { /* the user presses play */ });
  });

  // -- action items, ticked without leaving the page ------------------------------------
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("todo-form")) return;
    e.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "zoomstack" }
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) {
        var item = form.closest("li");
        item.classList.toggle("done", body.done);
        form.querySelector("button").setAttribute("aria-pressed", body.done ? "true" : "false");
        form.querySelector("input[name=done]").value = body.done ? "false" : "true";
        form.querySelector(".sr-only").textContent = body.done ? "Reopen:" : "Mark done:";
      })
      .catch(function () { form.submit(); });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("live-status")) connect();
  });
})();
