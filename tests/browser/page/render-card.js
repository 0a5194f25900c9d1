// Runs in the browser page next to adaptivecards.min.js: renders one card into #host
// and reports what is on it. Plain JavaScript because it runs in Chromium, not Node.
/* global AdaptiveCards, document, getComputedStyle */

/** Teams' Markdown subset in TextBlocks, as CommonMark reads it: bold, italics, links, lists. */
function processMarkdown(text, result) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (s) =>
    s
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
  const html = [];
  let list;
  for (const line of escaped.split(/\r?\n/)) {
    const bullet = /^\s*[-*+] (.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)] (.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : undefined;
    if (list && kind !== list) {
      html.push(`</${list}>`);
      list = undefined;
    }
    if (kind && !list) {
      html.push(`<${kind}${numbered ? ` start="${numbered[1]}"` : ''} style="margin:0;padding-left:20px;box-sizing:border-box">`);
      list = kind;
    }
    if (bullet) html.push(`<li>${inline(bullet[1])}</li>`);
    else if (numbered) html.push(`<li>${inline(numbered[2])}</li>`);
    else html.push(`<p style="margin:0">${inline(line)}</p>`);
  }
  if (list) html.push(`</${list}>`);
  result.outputHtml = html.join('');
  result.didProcess = true;
}

globalThis.renderCard = function renderCard({ json, hostConfig, css, width, background }) {
  const style = document.getElementById('theme');
  const host = document.getElementById('host');
  style.textContent = css;
  host.style.width = `${width}px`;
  host.style.background = background;

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = processMarkdown;
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  const context = new AdaptiveCards.SerializationContext();
  card.parse(json, context);
  const parseWarnings = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    parseWarnings.push(`${event.message}`);
  }
  const rendered = card.render();
  if (!rendered) throw new Error('the renderer produced nothing');
  host.replaceChildren(rendered);

  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const headings = [...host.querySelectorAll('[role="heading"], h1, h2, h3, h4, h5, h6')];
  return {
    text: clean(host.innerText),
    buttons: [...host.querySelectorAll('.ac-pushButton')].map((b) => clean(b.getAttribute('aria-label') || b.textContent)),
    headings: headings.map((h) => clean(h.textContent)),
    listItems: [...host.querySelectorAll('li')].map((li) => clean(li.textContent)),
    imagesWithoutAlt: [...host.querySelectorAll('img')].filter((img) => !img.getAttribute('alt')).length,
    parseWarnings,
    background: getComputedStyle(rendered).backgroundColor,
    headingColour: headings[0] ? getComputedStyle(headings[0]).color : undefined,
  };
};
