//! The DOM side of the engine: one JavaScript function injected into the page, called with a
//! command and a JSON argument, answering JSON. Doing the inspection in one evaluation (instead of
//! one DevTools round trip per element) keeps a site under a second of protocol traffic, and
//! lets the script read what only the page knows: computed styles, bounding boxes, `labels`,
//! same-origin iframes.
//!
//! Elements are addressed by a `data-pf` attribute the script sets on them, so later commands
//! (fill, submit) find them again in the top document or in a same-origin frame.

/// Wraps [`SCRIPT`] into an expression evaluating `command` with `arg`.
pub fn call(command: &str, arg: &serde_json::Value) -> String {
    format!("({SCRIPT})({}, {})", serde_json::Value::String(command.to_string()), arg)
}

pub const SCRIPT: &str = r#"
function (cmd, arg) {
  const clean = s => (s || '').replace(/\s+/g, ' ').trim();
  const docs = () => {
    const out = [{ doc: document, frame: false }];
    const walk = (d, depth) => {
      if (depth > 2) return;
      for (const f of d.querySelectorAll('iframe,frame')) {
        let cd = null;
        try { cd = f.contentDocument; } catch (e) { cd = null; }
        if (cd && cd.body) { out.push({ doc: cd, frame: true, el: f }); walk(cd, depth + 1); }
      }
    };
    walk(document, 0);
    return out;
  };
  const pfOf = el => {
    let v = el.getAttribute('data-pf');
    if (!v) { window.__pfCounter = (window.__pfCounter || 0) + 1; v = 'p' + window.__pfCounter + '_' + Math.floor(Math.random() * 1e6); el.setAttribute('data-pf', v); }
    return v;
  };
  const byPf = pf => {
    for (const d of docs()) { const e = d.doc.querySelector('[data-pf="' + pf + '"]'); if (e) return e; }
    return null;
  };
  const win = el => el.ownerDocument.defaultView;
  const rendered = el => {
    if (!el || !el.isConnected) return false;
    const w = win(el);
    if (!w) return false;
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const s = w.getComputedStyle(a);
      if (s.display === 'none' || parseFloat(s.opacity) === 0) return false;
    }
    const cs = w.getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.visibility === 'collapse') return false;
    if (el.getClientRects().length === 0) return false;
    if (w.frameElement && !rendered(w.frameElement)) return false;
    return true;
  };
  const offscreen = el => {
    const w = win(el);
    const r = el.getBoundingClientRect();
    const left = r.left + w.scrollX, top = r.top + w.scrollY;
    const docW = Math.max(w.document.documentElement.scrollWidth, w.innerWidth);
    if (left + r.width <= 0 || top + r.height <= 0 || left >= docW) return true;
    if (r.width <= 2 && r.height <= 2) return true;
    for (let a = el, i = 0; a && a.nodeType === 1 && i < 6; a = a.parentElement, i++) {
      const s = w.getComputedStyle(a);
      const rr = a.getBoundingClientRect();
      if ((s.overflow === 'hidden' || s.clip.startsWith('rect(0')) && (rr.width <= 2 || rr.height <= 2)) return true;
      if (s.clipPath && s.clipPath.indexOf('inset(50%') === 0) return true;
    }
    return false;
  };
  const textOf = node => {
    if (!node) return '';
    const c = node.cloneNode(true);
    c.querySelectorAll('select,textarea,input,script,style,option,button').forEach(x => x.remove());
    return clean(c.textContent);
  };
  const CONTROL = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]),select,textarea';
  const labelOf = el => {
    const parts = [];
    if (el.labels) for (const l of el.labels) parts.push(textOf(l));
    const lb = el.getAttribute('aria-labelledby');
    if (lb) for (const id of lb.split(/\s+/)) { const n = el.ownerDocument.getElementById(id); if (n) parts.push(textOf(n)); }
    return clean(parts.join(' '));
  };
  const contextOf = el => {
    // The largest ancestor holding this control alone: its text is what sits around it
    // (a table row "Nom :", a sibling div next to a checkbox).
    let best = null;
    for (let a = el.parentElement, i = 0; a && i < 5 && a.tagName !== 'FORM' && a.tagName !== 'BODY'; a = a.parentElement, i++) {
      if (a.querySelectorAll(CONTROL).length > 1) break;
      best = a;
    }
    return best ? textOf(best).slice(0, 300) : '';
  };
  const groupOf = el => {
    const fs = el.closest('fieldset');
    if (fs) { const lg = fs.querySelector('legend'); if (lg) return textOf(lg); }
    for (let a = el.parentElement, i = 0; a && i < 4 && a.tagName !== 'FORM'; a = a.parentElement, i++) {
      if (a.querySelectorAll(CONTROL).length > 1) {
        const l = Array.from(a.children).find(c => (c.tagName === 'LABEL' && !c.htmlFor) || /label|legend|title/i.test(c.className || ''));
        if (l && l.querySelectorAll(CONTROL).length === 0) return textOf(l);
        break;
      }
    }
    return '';
  };
  const isRequired = (el, label) => {
    if (el.required || el.getAttribute('aria-required') === 'true') return true;
    for (const a of el.attributes) if (a.name.startsWith('data-required') && /^(true|1|required)$/i.test(a.value)) return true;
    if (/(^|[\s_-])required|validates-as-required|field-required/i.test(el.className || '')) return true;
    return /\*|nécessaire|obligatoire|required/i.test(label);
  };
  const fieldInfo = el => {
    const tag = el.tagName.toLowerCase();
    const type = tag === 'input' ? (el.getAttribute('type') || 'text').toLowerCase() : '';
    const label = labelOf(el);
    const box = type === 'checkbox' || type === 'radio';
    let visible = rendered(el) && !offscreen(el);
    let off = visible ? false : (rendered(el) && offscreen(el));
    if (box && !visible && el.labels) {
      for (const l of el.labels) if (rendered(l) && !offscreen(l) && textOf(l) !== '') { visible = true; off = false; }
      if (!visible) {
        // Styled boxes: the native input is hidden, the visible label sits beside it.
        const wrap = el.parentElement;
        if (wrap && rendered(wrap) && !offscreen(wrap) && textOf(wrap) !== '') { visible = true; off = false; }
      }
    }
    const tabindex = el.hasAttribute('tabindex') ? parseInt(el.getAttribute('tabindex'), 10) : null;
    const info = {
      pf: pfOf(el), tag, type, name: el.getAttribute('name') || '', id: el.id || '',
      label, group_label: groupOf(el), context: contextOf(el),
      placeholder: el.getAttribute('placeholder') || '', aria_label: el.getAttribute('aria-label') || '',
      autocomplete: el.getAttribute('autocomplete') || '', class_name: (typeof el.className === 'string' ? el.className : ''),
      required: false, visible, offscreen: off, aria_hidden: !!el.closest('[aria-hidden="true"]'),
      tabindex: isNaN(tabindex) ? null : tabindex, checked: !!el.checked, value: el.value || '', options: [],
      max_length: (el.maxLength > 0 && el.maxLength < 1000000) ? el.maxLength : null
    };
    info.required = isRequired(el, label + ' ' + (box ? '' : info.group_label));
    if (tag === 'select') info.options = Array.from(el.options).map(o => ({ value: o.value, label: clean(o.textContent), disabled: o.disabled }));
    return info;
  };
  const forms = () => {
    const out = [];
    for (const d of docs()) {
      const containers = Array.from(d.doc.forms).map(f => ({ el: f, is_form: true }));
      // Controls rendered without a <form> (some builders): group them around the textarea.
      for (const ta of d.doc.querySelectorAll('textarea')) {
        if (ta.form || ta.closest('form')) continue;
        let c = ta.parentElement;
        for (let i = 0; c && i < 8 && c.tagName !== 'BODY'; i++, c = c.parentElement) {
          if (c.querySelectorAll(CONTROL).length >= 2 && c.querySelector('button,input[type=submit],[role=button]')) break;
        }
        if (c && !containers.some(x => x.el === c)) containers.push({ el: c, is_form: false });
      }
      for (const { el, is_form } of containers) {
        const ctrls = is_form ? Array.from(el.elements).filter(e => /^(INPUT|SELECT|TEXTAREA)$/.test(e.tagName)) : Array.from(el.querySelectorAll('input,select,textarea'));
        const fields = ctrls.filter(e => !/^(hidden|submit|button|reset|image)$/i.test(e.getAttribute('type') || '')).map(fieldInfo);
        out.push({
          pf: pfOf(el), in_frame: d.frame, is_form,
          role_search: el.getAttribute('role') === 'search' || !!el.closest('[role=search]') || /(^|\W)(search|searchform|recherche)(\W|$)/i.test((el.id || '') + ' ' + (el.className || '')),
          text: textOf(el).slice(0, 600), fields,
          has_submit: !!el.querySelector('button,input[type=submit],input[type=image],[role=button]'),
          visible: rendered(el)
        });
      }
    }
    return out;
  };
  const captcha = () => {
    const q = s => docs().some(d => d.doc.querySelector(s));
    const srcs = docs().flatMap(d => Array.from(d.doc.querySelectorAll('script[src],iframe[src]')).map(s => s.src || ''));
    const inline = docs().flatMap(d => Array.from(d.doc.querySelectorAll('script:not([src])')).map(s => s.textContent || '')).join('\n');
    if (q('.h-captcha,[data-hcaptcha-widget-id],textarea[name="h-captcha-response"]') || srcs.some(s => /hcaptcha\.com/.test(s))) return 'hcaptcha';
    if (q('.cf-turnstile,input[name="cf-turnstile-response"]') || srcs.some(s => /challenges\.cloudflare\.com\/turnstile/.test(s))) return 'turnstile';
    if (q('.frc-captcha,input[name="frc-captcha-solution"]') || srcs.some(s => /friendlycaptcha|frcapi/.test(s))) return 'friendly_captcha';
    if (q('.g-recaptcha:not([data-size=invisible]),iframe[src*="recaptcha/api2/anchor"],iframe[title*="reCAPTCHA"]')) return 'recaptcha_v2';
    if (srcs.some(s => /recaptcha\/(api|enterprise)\.js\?(.*&)?render=(?!explicit)/.test(s)) || /grecaptcha\.execute\s*\(/.test(inline)) return 'recaptcha_v3';
    if (q('.g-recaptcha,textarea[name="g-recaptcha-response"]') || srcs.some(s => /google\.com\/recaptcha|recaptcha\.net/.test(s))) return 'recaptcha_v2';
    return null;
  };
  const snapshot = () => {
    const lines = [];
    for (const d of docs()) {
      if (d.frame && !rendered(d.el)) continue;
      const t = d.doc.body ? d.doc.body.innerText : '';
      for (const l of t.split('\n')) { const c = clean(l); if (c) lines.push(c); }
    }
    const f = arg && arg.form ? byPf(arg.form) : null;
    return { url: location.href, title: document.title, mark: !!window.__pfMark, lines,
             form_present: !!f, form_visible: !!f && rendered(f), captcha: captcha(),
             requests: (window.__pfRequests || []).concat(f && win(f) !== window ? (win(f).__pfRequests || []) : []),
             challenge: docs().some(d => Array.from(d.doc.querySelectorAll('iframe[src*="recaptcha/api2/bframe"],iframe[src*="hcaptcha"]')).some(rendered)) };
  };
  const setValue = (el, v) => {
    const W = win(el);
    const P = el.tagName === 'TEXTAREA' ? W.HTMLTextAreaElement.prototype : el.tagName === 'SELECT' ? W.HTMLSelectElement.prototype : W.HTMLInputElement.prototype;
    if (el.maxLength > 0 && v.length > el.maxLength) v = v.slice(0, el.maxLength);
    try { el.focus(); } catch (e) {}
    el.dispatchEvent(new W.KeyboardEvent('keydown', { bubbles: true, key: 'a' }));
    Object.getOwnPropertyDescriptor(P, 'value').set.call(el, v);
    el.dispatchEvent(new W.Event('input', { bubbles: true }));
    el.dispatchEvent(new W.KeyboardEvent('keyup', { bubbles: true, key: 'a' }));
    el.dispatchEvent(new W.Event('change', { bubbles: true }));
    try { el.blur(); } catch (e) {}
    return el.value;
  };
  const fill = plan => plan.map(p => {
    const el = byPf(p.pf);
    if (!el) return { pf: p.pf, value: null };
    if (p.op === 'check') {
      if (!el.checked) el.click();
      if (!el.checked) { el.checked = true; el.dispatchEvent(new (win(el).Event)('change', { bubbles: true })); }
      return { pf: p.pf, value: el.checked ? 'checked' : '' };
    }
    if (p.op === 'select') {
      const i = Array.from(el.options).findIndex(o => o.value === p.value && clean(o.textContent) === p.label);
      const j = i >= 0 ? i : Array.from(el.options).findIndex(o => o.value === p.value);
      if (j >= 0) { el.selectedIndex = j; el.dispatchEvent(new (win(el).Event)('input', { bubbles: true })); el.dispatchEvent(new (win(el).Event)('change', { bubbles: true })); }
      return { pf: p.pf, value: el.value };
    }
    return { pf: p.pf, value: setValue(el, p.value) };
  });
  const SEND = /envoy|envoi|send|submit|valider|soumettre|demander|contact|transmettre|je veux/i;
  const NEXT = /suivant|next|continuer|continue|étape suivante|poursuivre/i;
  const CANCEL = /annuler|effacer|réinitialiser|reset|cancel|clear/i;
  const controlText = b => clean(b.innerText || b.value || b.getAttribute('aria-label') || b.title || '');
  const buttons = f => Array.from(f.querySelectorAll('button,input[type=submit],input[type=image],input[type=button],[role=button],a,div[onclick],span[onclick]'))
      .filter(b => rendered(b) && !offscreen(b) && (b.getAttribute('type') || '').toLowerCase() !== 'reset' && !CANCEL.test(controlText(b)));
  const invalidMessages = f => f.tagName === 'FORM' && !f.noValidate
      ? Array.from(f.elements).filter(e => e.willValidate && !e.validity.valid).map(e => clean((labelOf(e) || e.name || e.id) + ' : ' + e.validationMessage))
      : [];
  // Records the page's own POSTs (fetch and XMLHttpRequest, patched at submit time) so that the
  // submission request's answer can back the decision when nothing visible changes.
  const hook = w => {
    if (!w || w.__pfHooked) return;
    w.__pfHooked = true; w.__pfRequests = [];
    const log = (method, url, status, body) => { if (method !== 'GET') w.__pfRequests.push({ method, url, status, body: String(body || '').slice(0, 300) }); };
    const of = w.fetch;
    if (of) w.fetch = function (input, init) {
      const method = String((init && init.method) || (input && input.method) || 'GET').toUpperCase();
      const url = String((input && input.url) || input);
      return of.apply(this, arguments).then(r => { try { r.clone().text().then(t => log(method, url, r.status, t), () => log(method, url, r.status, '')); } catch (e) {} return r; });
    };
    const X = w.XMLHttpRequest && w.XMLHttpRequest.prototype;
    if (X) {
      const open = X.open, send = X.send;
      X.open = function (m, u) { this.__pf = { method: String(m).toUpperCase(), url: String(u) }; return open.apply(this, arguments); };
      X.send = function () {
        const x = this;
        x.addEventListener('loadend', () => { try { log(x.__pf ? x.__pf.method : 'POST', x.__pf ? x.__pf.url : '', x.status, x.responseText); } catch (e) { log('POST', '', x.status, ''); } });
        return send.apply(this, arguments);
      };
    }
  };
  const submit = pf => {
    const f = byPf(pf);
    if (!f) return { how: 'missing', invalid: [] };
    window.__pfMark = true; try { win(f).__pfMark = true; } catch (e) {}
    hook(window); try { hook(win(f)); } catch (e) {}
    const invalid = invalidMessages(f);
    const all = buttons(f);
    const native = all.filter(b => (b.tagName === 'BUTTON' && /^(submit|)$/i.test(b.getAttribute('type') || '')) || (b.tagName === 'INPUT' && /^(submit|image)$/i.test(b.type)));
    const pick = list => list.find(b => SEND.test(controlText(b)) && !NEXT.test(controlText(b))) || list.find(b => !NEXT.test(controlText(b)));
    let b = pick(native);
    let how = 'button';
    if (!b) { b = pick(all.filter(b => SEND.test(controlText(b)) || /submit|send|btn|button/i.test(b.className || ''))); how = 'styled'; }
    if (b) { try { b.scrollIntoView({ block: 'center' }); } catch (e) {} b.click(); return { how, invalid }; }
    if (f.tagName === 'FORM') {
      if (f.requestSubmit) f.requestSubmit(); else f.submit();
      return { how: 'request_submit', invalid };
    }
    // No button at all: Enter in the last text field, as a person would.
    const last = Array.from(f.querySelectorAll('input[type=text],input[type=email],input:not([type])')).pop();
    if (last) {
      const W = win(last);
      for (const t of ['keydown', 'keypress', 'keyup']) last.dispatchEvent(new W.KeyboardEvent(t, { bubbles: true, key: 'Enter', code: 'Enter', keyCode: 13, which: 13 }));
      return { how: 'enter', invalid };
    }
    return { how: 'none', invalid };
  };
  const nextStep = pf => {
    const f = byPf(pf);
    if (!f) return false;
    // Only controls that do not submit: a submit button labelled "Continuer" is the send.
    const submits = b => (b.tagName === 'BUTTON' && /^(submit|)$/i.test(b.getAttribute('type') || '')) || (b.tagName === 'INPUT' && /^(submit|image)$/i.test(b.type));
    const b = buttons(f).find(b => NEXT.test(controlText(b)) && !/envoy|send|submit/i.test(controlText(b)) && !submits(b));
    if (!b) return false;
    b.click();
    return true;
  };
  // Every link with what ranks it: text, title, aria-label, where it sits, whether it is drawn
  // as a button (the ranking itself is in Rust, shared with the enrichment crawler).
  const links = () => Array.from(document.querySelectorAll('a[href]')).map(a => ({
    href: a.href, text: clean(a.innerText || a.textContent) || ((a.querySelector('img') || {}).alt || ''),
    title: a.title || '', aria_label: a.getAttribute('aria-label') || '',
    place: a.closest('header,nav,[role=banner],[role=navigation],[role=menubar],[class*=navbar],[class*=menu],[id*=menu]') ? 'header' : a.closest('footer,[role=contentinfo],[id*=footer],[class*=footer]') ? 'footer' : 'body',
    button_like: a.getAttribute('role') === 'button' || /(^|[^a-z])(btn|button|cta|bouton)([^a-z]|$)/i.test(typeof a.className === 'string' ? a.className : '')
  }));
  const pageInfo = () => {
    const nav = (performance.getEntriesByType && performance.getEntriesByType('navigation')[0]) || {};
    return { url: location.href, title: document.title, ready: document.readyState, status: nav.responseStatus || 0,
             text: (document.body ? document.body.innerText : '').slice(0, 20000),
             mailto: Array.from(document.querySelectorAll('a[href^="mailto:"]')).map(a => a.getAttribute('href').slice(7).split('?')[0]),
             tel: Array.from(document.querySelectorAll('a[href^="tel:"]')).map(a => a.getAttribute('href').slice(4)) };
  };
  let result;
  switch (cmd) {
    case 'page': result = pageInfo(); break;
    case 'links': result = links(); break;
    case 'forms': result = { forms: forms(), captcha: captcha() }; break;
    case 'fill': result = fill(arg); break;
    case 'snapshot': result = snapshot(); break;
    case 'submit': result = submit(arg); break;
    case 'next': result = nextStep(arg); break;
    default: result = null;
  }
  return JSON.stringify(result);
}
"#;

/// Reads sitemaps with the page's `fetch` (same origin) and returns their `<loc>` URLs.
pub const SITEMAP_SCRIPT: &str = r#"
async function (urls) {
  const out = [];
  for (const u of urls) {
    try {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 8000);
      const r = await fetch(u, { credentials: 'same-origin', signal: ctl.signal });
      clearTimeout(timer);
      if (!r.ok) continue;
      const t = (await r.text()).slice(0, 2000000);
      const d = new DOMParser().parseFromString(t, 'application/xml');
      for (const e of d.getElementsByTagName('loc')) { if (out.length < 5000) out.push(e.textContent.trim()); }
    } catch (e) {}
  }
  return JSON.stringify(out);
}
"#;
