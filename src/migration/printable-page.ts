import { html, SafeHtml } from './html.js';

const style = `
  body { font: 11pt/1.4 system-ui, sans-serif; color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 16pt; margin-bottom: .2rem; } h2 { font-size: 12pt; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #ddd; }
  th { font-weight: 600; } .verbatim { white-space: pre-wrap; font-family: ui-monospace, monospace; }
  .missing { color: #a00; font-style: italic; } .notice { border: 2px solid #a60; background: #fff7e6; padding: .6rem 1rem; margin: 1rem 0; }
  .notice li { margin: .3rem 0; } .signature { display: grid; grid-template-columns: 1fr 1fr; gap: 2.5rem 2rem; margin-top: 2.5rem; }
  .line { border-top: 1px solid #111; padding-top: .2rem; font-size: 9pt; } footer { margin-top: 2rem; font-size: 8pt; color: #555; }
  @media print { body { margin: 0; max-width: none; } .notice { break-inside: avoid; } }
`;

/** A complete, self-contained HTML document meant to be printed (German: it goes to German providers and administrators). */
export function printablePage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(style)}</style>
</head>
<body>
${body}
</body>
</html>
`.markup;
}
