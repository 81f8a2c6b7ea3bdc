import { escapeHtml } from '../lib/html.ts';
import { SCOPE_DESCRIPTIONS } from './scopes.ts';

export { escapeHtml };

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1.2rem;margin:1rem .5rem 0 0;font-size:1rem}.error{color:#a00}ul{padding-left:1.2rem}.muted{color:#666;font-size:.9rem}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Plaudit</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');

export function signInPage(input: { returnTo: string; csrf: string; error?: string; email?: string }): string {
  return layout(
    'Sign in',
    `<h1>Sign in to Plaudit</h1>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/merchant/sign-in">${hidden({ return_to: input.returnTo, csrf_token: input.csrf })}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

export function consentPage(input: { platformName: string; shopDomain: string; scopes: string[]; fields: Record<string, string> }): string {
  const items = input.scopes.map((s) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s] ?? s)} <span class="muted">(${escapeHtml(s)})</span></li>`).join('');
  return layout(
    'Authorize',
    `<h1><span id="platform-name">${escapeHtml(input.platformName)}</span> wants access to <span id="shop-domain">${escapeHtml(input.shopDomain)}</span></h1>
<p>If you approve, it will be able to:</p><ul id="scopes">${items}</ul>
<form method="post" action="/oauth/authorize">${hidden(input.fields)}
<button type="submit" name="decision" value="approve">Approve</button><button type="submit" name="decision" value="deny">Deny</button></form>
<p class="muted">You can disconnect it at any time from <a href="/merchant">your settings</a>.</p>`,
  );
}

export function settingsPage(input: { shopDomain: string; csrf: string; platforms: { name: string; clientId: string; scopes: string[]; authorizedAt: string }[] }): string {
  const rows = input.platforms
    .map(
      (p) => `<li><strong>${escapeHtml(p.name)}</strong> — ${p.scopes.map(escapeHtml).join(', ')}
<span class="muted">since ${escapeHtml(p.authorizedAt)}</span>
<form method="post" action="/merchant/platforms/disconnect">${hidden({ client_id: p.clientId, csrf_token: input.csrf })}<button type="submit">Disconnect</button></form></li>`,
    )
    .join('');
  return layout(
    'Settings',
    `<h1>${escapeHtml(input.shopDomain)}</h1><h2>Connected platforms</h2>
${rows ? `<ul id="platforms">${rows}</ul>` : '<p>No platform is connected.</p>'}
<form method="post" action="/merchant/sign-out">${hidden({ csrf_token: input.csrf })}<button type="submit">Sign out</button></form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}
