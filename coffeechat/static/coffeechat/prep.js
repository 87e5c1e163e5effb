// The prepare page: drag questions into order (the Move up / Move down buttons do the
// same without a mouse), and put the keyboard back where it was after htmx swaps the
// questions part. The brief: its Print button. Without JavaScript the buttons and the
// browser's own print menu still work.
(() => {
  "use strict";

  let dragged = null;

  function itemOf(node) {
    return node instanceof Element ? node.closest("#plan-list > .plan-item") : null;
  }

  document.addEventListener("dragstart", (event) => {
    const item = itemOf(event.target);
    if (!item) return;
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.id);
  });

  document.addEventListener("dragover", (event) => {
    const over = itemOf(event.target);
    if (!dragged || !over) return;
    event.preventDefault();
    if (over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", (event) => {
    if (!dragged) return;
    event.preventDefault();
    sendOrder();
  });

  document.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
  });

  // Post the whole order, as the page now shows it; the server answers with the
  // questions part, which htmx swaps in (or refuses, if another tab changed the plan).
  function sendOrder() {
    const form = document.getElementById("plan-order");
    const list = document.getElementById("plan-list");
    if (!form || !list) return;
    const ids = [...list.querySelectorAll(":scope > .plan-item")].map((li) => li.dataset.id);
    const current = [...form.querySelectorAll("input[name=ids]")].map((input) => input.value);
    if (ids.join() === current.join()) return;
    form.querySelectorAll("input[name=ids]").forEach((input) => input.remove());
    for (const id of ids) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "ids";
      input.value = id;
      form.appendChild(input);
    }
    form.requestSubmit();
  }

  document.addEventListener("htmx:afterSettle", () => {
    const part = document.getElementById("questions");
    if (!part || !part.dataset.focus) return;
    let target = document.getElementById(part.dataset.focus);
    part.dataset.focus = "";
    // "Move up" on the first question is disabled: stay on the same question.
    if (target && target.disabled) {
      target = target.parentElement.querySelector("button:not([disabled])");
    }
    if (target) target.focus();
  });

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-print]")) {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    }
  });
})();
