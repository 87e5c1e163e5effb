// Copy the draft (subject, a blank line, the body) to the clipboard. Without
// JavaScript the button stays hidden and the text can be selected by hand.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const [subject, body] = button.dataset.copy.split(",").map((s) => document.querySelector(s));
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(`${subject.value}\n\n${body.value}`);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Copy failed: select the text instead";
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
