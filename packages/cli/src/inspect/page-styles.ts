/** The stylesheet of the inspector and the web UI, inlined in every page (nothing is fetched). */
export const PAGE_STYLES = `
:root { color-scheme: light; --border: #dfe3e8; --muted: #5b6570; --accent: #3b6fd8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2933; background: #f7f8fa; }
header { background: #1f2933; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header a { color: #fff; text-decoration: none; font-weight: 600; }
header .hint { color: #aab4bf; font-size: 12px; }
main { padding: 16px 24px 48px; max-width: 1200px; }
h1 { font-size: 20px; margin: 8px 0 16px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; }
section > h2:first-child { margin-top: 0; }
section { background: #fff; border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
table.fields th { width: 200px; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
pre { margin: 4px 0; padding: 8px; background: #f3f5f7; border-radius: 4px; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
details summary { cursor: pointer; color: var(--accent); }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #e8ebef; }
.status-SUCCEEDED { background: #daf2e3; color: #1d6b3d; }
.status-FAILED, .status-TIMED_OUT { background: #fbe0e0; color: #9b2323; }
.status-RUNNING, .status-STARTED, .status-PENDING { background: #fdf0d5; color: #8a5a00; }
.status-STOPPED { background: #e8e8e8; color: #444; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: middle; }
.indent { display: inline-block; }
form.inline { display: inline-flex; gap: 6px; align-items: center; margin: 4px 8px 4px 0; }
button { font: inherit; padding: 4px 12px; border-radius: 4px; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; }
button.danger { border-color: #d64545; color: #9b2323; }
button.primary { border-color: var(--accent); background: var(--accent); color: #fff; }
input[type=text], select, textarea { font: inherit; padding: 3px 6px; border: 1px solid #b8c0c8; border-radius: 4px; }
.message { padding: 8px 12px; border-radius: 4px; margin-bottom: 12px; }
.message.error { background: #fbe0e0; color: #9b2323; }
.message.ok { background: #daf2e3; color: #1d6b3d; }
.filters { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
.empty { color: var(--muted); font-style: italic; }
`;
