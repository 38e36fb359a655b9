// docs.js sends the test requests of the Hive API reference. The tenant
// slug, API key and user id live only in the variables below, never in
// cookies or browser storage, so a refresh forgets them.
'use strict';

(function () {
  const creds = { slug: '', key: '', user: '' };
  const fields = { 'tenant-slug': 'slug', 'api-key': 'key', 'user-id': 'user' };

  // Browsers may restore typed values on reload or from the back-forward
  // cache; clear them so the page never holds a key it was not given now.
  function forget() {
    for (const [id, name] of Object.entries(fields)) {
      const input = document.getElementById(id);
      if (input) input.value = '';
      creds[name] = '';
    }
  }

  function init() {
    forget();
    for (const [id, name] of Object.entries(fields)) {
      const input = document.getElementById(id);
      if (input) input.addEventListener('input', () => { creds[name] = input.value.trim(); });
    }
    document.addEventListener('submit', (e) => e.preventDefault());
    document.addEventListener('click', (e) => {
      const button = e.target.closest('[data-action="test-request"]');
      if (button) send(button.closest('[data-endpoint]'), button);
    });
    window.addEventListener('pageshow', (e) => { if (e.persisted) forget(); });
  }

  // requestURL fills the path parameters in and appends the query ones, or
  // returns the name of a required path parameter left empty.
  function requestURL(ep) {
    let missing = '';
    let path = ep.dataset.path.replace(/\{([^}]+)\}/g, (_, name) => {
      const input = ep.querySelector(`[data-in="path"][data-param="${name}"]`);
      const value = input ? input.value.trim() : '';
      if (!value) missing = missing || name;
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const input of ep.querySelectorAll('[data-in="query"]')) {
      if (input.value.trim() !== '') query.append(input.dataset.param, input.value.trim());
    }
    const qs = query.toString();
    return { url: qs ? `${path}?${qs}` : path, missing };
  }

  function requestHeaders(ep, body) {
    const h = new Headers({ Accept: 'application/json' });
    if (creds.key) {
      if (ep.dataset.auth === 'door') h.set('X-DOOR-API-KEY', creds.key);
      else h.set('Authorization', `Bearer ${creds.key}`);
    }
    if (creds.slug && ep.dataset.auth !== 'door') h.set('X-Hive-Tenant', creds.slug);
    if (creds.user && ep.dataset.auth !== 'door') h.set('X-Hive-User-Id', creds.user);
    if (body) h.set('Content-Type', body.dataset.contentType);
    return h;
  }

  async function send(ep, button) {
    const out = ep.querySelector('[data-result]');
    const { url, missing } = requestURL(ep);
    if (missing) {
      show(out, { status: `Fill in the path parameter ${missing} first.` });
      ep.querySelector(`[data-in="path"][data-param="${missing}"]`).focus();
      return;
    }
    const method = ep.dataset.method;
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? ep.querySelector('[data-body]') : null;
    const init = { method, headers: requestHeaders(ep, body), credentials: 'omit', cache: 'no-store' };
    if (body && body.value.trim() !== '') init.body = body.value;
    button.disabled = true;
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).sort().join('\n');
      let parsed = null;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      show(out, {
        status: `${res.status} ${res.statusText}`.trim(),
        ok: res.ok,
        headers,
        body: parsed === null ? text : JSON.stringify(parsed, null, 2),
        hint: res.ok ? '' : hintFor(res.status, parsed),
      });
    } catch (err) {
      show(out, { status: `The request could not be sent: ${err.message}` });
    } finally {
      button.disabled = false;
    }
  }

  // hintFor finds the troubleshooting hint for an error body: by its
  // reason, else its code, else by status.
  function hintFor(status, body) {
    const err = body && body.error;
    const keys = [
      err && err.details && err.details.reason,
      body && body.reason,
      err && err.code,
      { 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' }[status],
    ];
    for (const key of keys) {
      if (!key) continue;
      const dd = document.querySelector(`[data-hint-for="${CSS.escape(key)}"]`);
      if (dd) return `${dd.previousElementSibling.textContent.replace(/^\S+ — /, '')}: ${liveHint(dd, err) || dd.textContent}`;
    }
    return '';
  }

  // liveHint fills a hint's {name}s from the error's details, so that it
  // states this key's numbers; '' when one is missing.
  function liveHint(dd, err) {
    const details = (err && err.details) || {};
    let missing = !dd.dataset.live;
    const text = (dd.dataset.live || '').replace(/\{(\w+)\}/g, (_, name) => {
      if (details[name] === undefined || details[name] === null) missing = true;
      return String(details[name]);
    });
    return missing ? '' : text;
  }

  function show(out, r) {
    out.hidden = false;
    const status = out.querySelector('[data-result-status]');
    status.textContent = r.status;
    status.className = 'status ' + (r.ok ? 'ok' : 'error');
    out.querySelector('[data-result-headers]').textContent = r.headers || '';
    out.querySelector('[data-result-body]').textContent = r.body || '';
    const hint = out.querySelector('[data-result-hint]');
    hint.textContent = r.hint || '';
    hint.hidden = !r.hint;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
