// The meeting view. The clock counts down the agreed minutes from the start the server
// recorded, then counts on past them. The notes save as they are typed; every keystroke
// is first kept in this browser (localStorage), so a dropped connection or a reload
// loses nothing: what was not yet sent is sent again when the page is back online.
(() => {
  "use strict";

  const pad = (n) => String(n).padStart(2, "0");
  const mmss = (seconds) => `${pad(Math.floor(seconds / 60))}:${pad(Math.floor(seconds % 60))}`;

  function setText(node, text) {
    // Only on change, so screen readers hear a live region once, not every second.
    if (node && node.textContent !== text) node.textContent = text;
  }

  function startClock() {
    const timer = document.getElementById("timer");
    if (!timer || !timer.dataset.started) return;
    const started = Date.parse(timer.dataset.started);
    // The server's clock decides: a phone a minute off must not shift the limit.
    const offset = Date.parse(timer.dataset.now) - Date.now();
    const agreed = Number(timer.dataset.minutes) * 60;
    const wrapUpText = timer.dataset.wrapUp;
    const clock = document.getElementById("clock");
    const left = document.getElementById("timer-left");
    const wrapUp = document.getElementById("wrap-up");
    const first = wrapUp.querySelector("p");
    let shown = first ? first.textContent.replace(/\s+/g, " ").trim() : "";

    function tick() {
      const elapsed = Math.max(0, (Date.now() + offset - started) / 1000);
      const over = elapsed >= agreed;
      timer.classList.toggle("over", over);
      if (!over) {
        setText(clock, mmss(agreed - elapsed));
        setText(left, `${Math.ceil((agreed - elapsed) / 60)} min left`);
        return;
      }
      setText(clock, "+" + mmss(elapsed - agreed));
      setText(left, "Past the agreed time");
      const overBy = Math.floor((elapsed - agreed) / 60);
      const message = overBy ? `${wrapUpText} · ${overBy} min over` : wrapUpText;
      if (message !== shown) {
        shown = message;
        const line = document.createElement("p");
        const strong = document.createElement("strong");
        strong.textContent = wrapUpText;
        line.appendChild(strong);
        if (overBy) line.append(` · ${overBy} min over`);
        const hint = document.createElement("p");
        hint.textContent = "Thank them, and go on only if they want to.";
        wrapUp.replaceChildren(line, hint);
      }
    }
    tick();
    setInterval(tick, 1000);
  }

  function notesAutosave() {
    const form = document.getElementById("notes-form");
    if (!form) return;
    const area = form.querySelector("textarea[name=text]");
    const status = document.getElementById("notes-status");
    const key = `coffeechat:notes:${form.dataset.interview}`;
    // The server's revision this page's text builds on; each save sends the next one.
    let revision = Number(form.dataset.revision) || 0;
    let timer = null;
    let sending = false;
    let again = false;
    // Newer notes were saved elsewhere: saving from here stops until the user decides.
    let conflict = false;

    // Only text not yet saved is kept in this browser (notes are private: a shared
    // computer keeps nothing once they are saved), with the revision it was typed on.
    const load = () => {
      try { return JSON.parse(localStorage.getItem(key)); } catch { return null; }
    };
    const keep = (text) => {
      try { localStorage.setItem(key, JSON.stringify({ text, base: revision })); } catch { /* full or off */ }
    };
    const forget = () => {
      try { localStorage.removeItem(key); } catch { /* off */ }
    };
    const show = (text, offline = false) => {
      setText(status, text);
      status.classList.toggle("offline", offline);
    };
    const schedule = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(send, ms);
    };

    function body(text) {
      const data = new FormData(form);
      data.set("text", text);
      data.set("revision", String(revision + 1));
      return data;
    }

    function showConflict(unsent) {
      // The page holds the newest saved notes; what was typed here on older ones is shown
      // beside them. Never overwrite what was saved elsewhere, never drop what was typed.
      conflict = true;
      document.getElementById("notes-unsent").value = unsent;
      document.getElementById("notes-conflict").hidden = false;
      show("Not saved: newer notes were saved from another window or device.", true);
    }

    async function send() {
      const entry = load();
      if (!entry || conflict) return;
      if (sending) { again = true; return; }
      sending = true;
      const text = area.value;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: body(text),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.redirected) {
          show("Not saved: your session ended. Log in again in another tab; your notes are kept on this device.", true);
          return;
        }
        if (response.status >= 400 && response.status < 500) {
          let message = "reload the page";
          try { message = (await response.json()).error || message; } catch { /* not JSON */ }
          show(`Not saved: ${message} Kept on this device.`, true);
          return;
        }
        if (!response.ok) throw new Error(`server answered ${response.status}`);
        const answer = await response.json();
        if (!answer.saved) {
          // Kept with the revision it was typed on: the reload shows it beside theirs.
          conflict = true;
          keep(area.value);
          show("Not saved: newer notes were saved from another window or device. Reload to see them beside what you typed, which is kept on this device.", true);
          return;
        }
        revision = answer.revision;
        if (area.value === text) forget(); else keep(area.value);
        show("Saved");
      } catch {
        show("Offline: kept on this device, will send when back", true);
        schedule(5000);
      } finally {
        sending = false;
        if (again) { again = false; schedule(0); }
      }
    }

    area.addEventListener("input", () => {
      if (conflict) return;
      keep(area.value);
      schedule(500);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (conflict) return;
      keep(area.value);
      schedule(0);
    });
    window.addEventListener("online", () => schedule(0));
    // Leaving the page: hand what is unsent to the browser to deliver.
    window.addEventListener("pagehide", () => {
      if (load() && !conflict && navigator.sendBeacon) {
        navigator.sendBeacon(form.action, body(area.value));
      }
    });
    const discard = document.getElementById("notes-discard");
    discard.hidden = false;
    discard.addEventListener("click", () => {
      forget();
      conflict = false;
      document.getElementById("notes-conflict").hidden = true;
      show("");
    });

    const entry = load();
    if (entry && typeof entry.text === "string") {
      if (entry.text === area.value) {
        forget();  // it was sent after all
      } else if (entry.base === revision) {
        // Typed here and never sent, and nothing newer was saved since: send it now.
        area.value = entry.text;
        show("Sending what you typed while offline…", true);
        schedule(0);
      } else {
        showConflict(entry.text);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    startClock();
    notesAutosave();
  });
})();
