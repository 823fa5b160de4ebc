// The subscription pages (server-rendered, no JavaScript): the form, "check your inbox", and the
// confirm and unsubscribe pages behind the signed links (a button posts; opening changes nothing).

import { escapeHtml, layout } from './page.js';
import type { Component } from './snapshot.service.js';

export function subscribeFormHtml(components: readonly Component[], name: string): string {
  const boxes = components
    .map(
      (component) =>
        `<label style="display:block"><input type="checkbox" name="components" value="${escapeHtml(component.id)}"> ${escapeHtml(component.group ? `${component.group} / ${component.name}` : component.name)}</label>`,
    )
    .join('\n');
  return layout(
    `Subscribe · ${name}`,
    name,
    `<h2>Get updates by email</h2>
<form method="post" action="/status/subscriptions" class="card">
<p><label>Email address <input type="email" name="email" required autocomplete="email"></label></p>
<fieldset><legend>Components (none ticked: every component)</legend>
${boxes || '<p class="muted">No public services yet.</p>'}
</fieldset>
<p><button type="submit">Subscribe</button></p>
<p class="muted">We send a confirmation link first; nothing else is sent until you confirm. Every message has a one-click unsubscribe link.</p>
</form>`,
  );
}

export function noticeHtml(title: string, message: string, name: string): string {
  return layout(
    `${title} · ${name}`,
    name,
    `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(message)}</p><p><a href="/status">Back to the status page</a></p>`,
  );
}

export function confirmFormHtml(action: string, components: string, name: string): string {
  return layout(
    `Confirm subscription · ${name}`,
    name,
    `<h2>Confirm your subscription</h2><p>Updates about ${escapeHtml(components)}.</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Confirm subscription</button></form>`,
  );
}

export function unsubscribeFormHtml(action: string, components: string, name: string): string {
  return layout(
    `Unsubscribe · ${name}`,
    name,
    `<h2>Unsubscribe</h2><p>Stop updates about ${escapeHtml(components)}?</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
  );
}
