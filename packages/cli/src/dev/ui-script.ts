/**
 * The web UI's only script, inlined (with the page's nonce) in every page. It:
 * - refreshes the page's `[data-live]` regions from the server every second while the page's
 *   `data-version` changes, leaving them alone while the user types in one;
 * - sends the actions (`button[data-action]`) as JSON POSTs carrying the server's token from the
 *   page's `<meta name="durable-lambda-token">`, refreshes, then shows the answer.
 */
export const UI_SCRIPT = `
(() => {
  const token = document.querySelector('meta[name="durable-lambda-token"]').content;
  const message = document.getElementById("message");
  const show = (text, ok) => {
    if (!message) return;
    message.textContent = text;
    message.className = "message " + (ok ? "ok" : "error");
    message.hidden = false;
  };
  const busy = () => document.activeElement && ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  async function refresh(force) {
    if (!force && busy()) return;
    const response = await fetch(location.href, { headers: { accept: "text/html" } });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const current = document.querySelector("main").dataset.version;
    const fresh = next.querySelector("main").dataset.version;
    if (!force && current === fresh) return;
    document.querySelector("main").dataset.version = fresh;
    for (const region of document.querySelectorAll("[data-live]")) {
      const replacement = next.getElementById(region.id);
      if (replacement) region.replaceWith(replacement);
    }
  }
  setInterval(() => refresh(false).catch(() => {}), 1000);
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    event.preventDefault();
    const form = button.closest("form");
    const body = form ? Object.fromEntries(new FormData(form)) : {};
    for (const [key, value] of Object.entries(button.dataset)) if (key !== "action") body[key] = value;
    button.disabled = true;
    try {
      const response = await fetch("/ui/actions/" + button.dataset.action, {
        method: "POST",
        headers: { "content-type": "application/json", "x-durable-lambda-token": token },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({ error: response.statusText }));
      if (response.ok && answer.location) { location.href = answer.location; return; }
      if (response.ok) await refresh(true);
      show(answer.message ?? answer.error ?? response.statusText, response.ok);
    } catch (error) {
      show(String(error), false);
    } finally {
      button.disabled = false;
    }
  });
})();
`;
