/**
 * Script of the customer phone page. Plain ES5-ish JS in a String.raw so regex escapes survive; it must
 * never contain a backtick or a dollar-brace. Everything the business sent is put on the page with
 * textContent / createElement only, so markup in messages is shown literally.
 */
export const PHONE_SCRIPT = String.raw`
(function () {
  'use strict';
  var base = location.pathname.replace(/\/index\.html$/, '/').replace(/\/?$/, '/');
  var $ = function (id) { return document.getElementById(id); };
  var chat = $('chat'), textIn = $('text'), bizSel = $('biz'), phoneIn = $('phone'), nameIn = $('name');
  var S = { cfg: null, waId: '', pn: '', items: {}, rx: {}, quote: null, es: null, lastSeq: 0, gen: 0, readTimer: 0 };
  var RANK = { pending: 0, accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5 };
  var MEDIA = { image: '📷 Photo', video: '🎥 Video', audio: '🎤 Audio', document: '📄 Document', sticker: '💟 Sticker' };
  var EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) return;
      if (k === 'text') n.textContent = String(v);
      else if (k === 'class') n.className = v;
      else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v);
    });
    (kids || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }
  function digits(s) { return String(s || '').replace(/\D/g, ''); }
  function toast(msg) { var t = $('toast'); t.textContent = msg || ''; if (msg) setTimeout(function () { if (t.textContent === msg) t.textContent = ''; }, 4000); }
  function hhmm(ts) { var d = new Date(Number(ts) * 1000); return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2); }
  function safeUrl(u) { return /^https?:\/\//i.test(String(u || '')) ? String(u) : null; }
  function api(path, body) {
    var init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(base + path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error((j.error && j.error.message) || ('HTTP ' + r.status));
        return j;
      });
    });
  }

  // WhatsApp formatting with DOM nodes only: *bold* _italic_ ~strike~ and triple-backtick monospace
  var FMT = /\x60\x60\x60([\s\S]+?)\x60\x60\x60|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;
  function formatted(text) {
    text = String(text == null ? '' : text);
    var frag = document.createDocumentFragment(), last = 0, m;
    FMT.lastIndex = 0;
    while ((m = FMT.exec(text))) {
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var tag = m[1] !== undefined ? 'code' : m[2] !== undefined ? 'strong' : m[3] !== undefined ? 'em' : 's';
      frag.appendChild(el(tag, { text: m[1] || m[2] || m[3] || m[4] }));
      last = FMT.lastIndex;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return el('div', { class: 'txt' }, [frag]);
  }

  function preview(item) {
    if (!item) return 'Message';
    var m = item.message || {}, t = item.type;
    if (item.rendered) return item.rendered.body;
    if (t === 'text') return (m.text && m.text.body) || '';
    if (MEDIA[t]) return MEDIA[t] + (m[t] && m[t].caption ? ' · ' + m[t].caption : '');
    if (t === 'location') return '📍 ' + ((m.location && (m.location.name || m.location.address)) || 'Location');
    if (t === 'contacts') return '👤 Contact';
    if (t === 'button') return (m.button && m.button.text) || '';
    if (t === 'interactive') {
      var i = m.interactive || {};
      if (i.body) return i.body.text;
      if (i.button_reply) return i.button_reply.title;
      if (i.list_reply) return i.list_reply.title;
      return 'Form';
    }
    return t;
  }

  function mediaView(kind, media, box) {
    media = media || {};
    var src = media.id ? base + 'customer/media/' + encodeURIComponent(media.id) : null;
    var link = safeUrl(media.link);
    if (src && (kind === 'image' || kind === 'sticker')) box.appendChild(el('img', { src: src, alt: media.caption || MEDIA[kind], class: kind }));
    else if (src && kind === 'video') box.appendChild(el('video', { src: src, controls: '', preload: 'metadata' }));
    else if (src && kind === 'audio') box.appendChild(el('audio', { src: src, controls: '', preload: 'metadata' }));
    else if (src) box.appendChild(el('a', { href: src, download: media.filename || 'document', text: '📄 ' + (media.filename || 'Document') }));
    else if (link) box.appendChild(el('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: (MEDIA[kind] || '🔗') + ' ' + link }));
    else box.appendChild(el('div', { class: 'muted', text: MEDIA[kind] || kind }));
    if (media.caption) box.appendChild(formatted(media.caption));
  }

  function locationView(l, box) {
    l = l || {};
    box.appendChild(el('div', { class: 'hdr', text: '📍 ' + (l.name || 'Location') }));
    if (l.address) box.appendChild(el('div', { class: 'txt', text: l.address }));
    box.appendChild(el('div', { class: 'ftr', text: l.latitude + ', ' + l.longitude }));
  }

  function contactsView(list, box) {
    (list || []).forEach(function (c) {
      var phones = (c.phones || []).map(function (p) { return p.phone; }).join(', ');
      box.appendChild(el('div', { class: 'txt', text: '👤 ' + ((c.name && c.name.formatted_name) || 'Contact') + (phones ? ' · ' + phones : '') }));
    });
  }

  function choiceButton(label, testid, onclick, attrs) {
    var a = { type: 'button', class: 'qr', 'data-testid': testid, text: label, onclick: onclick };
    Object.keys(attrs || {}).forEach(function (k) { a[k] = attrs[k]; });
    return el('button', a);
  }

  function interactiveView(item, i, box) {
    var h = i.header;
    if (h && h.type === 'text') box.appendChild(el('div', { class: 'hdr', text: h.text }));
    else if (h && h[h.type]) mediaView(h.type, h[h.type], box);
    if (i.body) box.appendChild(formatted(i.body.text));
    if (i.footer) box.appendChild(el('div', { class: 'ftr', text: i.footer.text }));
    var a = i.action || {}, row = el('div', { class: 'btns' });
    if (i.type === 'button') {
      (a.buttons || []).forEach(function (b) {
        var r = b.reply || {};
        row.appendChild(choiceButton(r.title, 'reply-button', function () {
          send({ type: 'button_reply', id: r.id, title: r.title }, item.wamid);
        }, { 'data-id': r.id }));
      });
    } else if (i.type === 'list') {
      row.appendChild(choiceButton('☰ ' + a.button, 'list-open', function () { openList(item, i); }));
    } else if (i.type === 'cta_url' && a.parameters && safeUrl(a.parameters.url)) {
      row.appendChild(el('a', { class: 'qr', href: a.parameters.url, target: '_blank', rel: 'noopener noreferrer', text: '🔗 ' + a.parameters.display_text }));
    } else if (i.type === 'location_request_message') {
      row.appendChild(choiceButton('📍 Send location', 'location-request', function () { showPanel('loc'); }));
    }
    if (row.childNodes.length) box.appendChild(row);
  }

  function templateView(item, box) {
    var r = item.rendered, h = r.header;
    if (h && h.format === 'TEXT') box.appendChild(el('div', { class: 'hdr', text: h.text }));
    else if (h && h.format === 'LOCATION') box.appendChild(el('div', { class: 'hdr', text: '📍 ' + (h.text || '') }));
    else if (h) mediaView(h.format.toLowerCase(), { id: h.mediaId, link: h.link }, box);
    box.appendChild(formatted(r.body));
    if (r.footer) box.appendChild(el('div', { class: 'ftr', text: r.footer }));
    if (!r.buttons.length) return;
    var row = el('div', { class: 'btns' });
    r.buttons.forEach(function (b) {
      if (b.type === 'QUICK_REPLY') {
        row.appendChild(choiceButton(b.text, 'template-button', function () {
          send({ type: 'button', text: b.text, payload: b.payload || b.text }, item.wamid);
        }));
      } else if (b.type === 'URL' && safeUrl(b.url)) {
        row.appendChild(el('a', { class: 'qr', href: b.url, target: '_blank', rel: 'noopener noreferrer', text: '🔗 ' + b.text }));
      } else {
        row.appendChild(el('button', { type: 'button', class: 'qr', disabled: '', text: (b.type === 'PHONE_NUMBER' ? '📞 ' : '') + b.text }));
      }
    });
    box.appendChild(row);
  }

  function content(item, box) {
    var m = item.message || {}, t = item.type, mine = item.direction === 'inbound';
    if (t === 'template' && item.rendered) return templateView(item, box);
    if (t === 'text') return box.appendChild(formatted(m.text && m.text.body));
    if (MEDIA[t]) return mediaView(t, m[t], box);
    if (t === 'location') return locationView(m.location, box);
    if (t === 'contacts') return contactsView(m.contacts, box);
    if (t === 'interactive' && !mine) return interactiveView(item, m.interactive || {}, box);
    if (t === 'interactive' || t === 'button') return box.appendChild(formatted(preview(item)));
    if (t === 'order') return box.appendChild(el('div', { class: 'txt', text: '🛒 Order · ' + ((m.order && m.order.product_items) || []).length + ' item(s)' }));
    box.appendChild(el('div', { class: 'muted', text: '[' + t + ']' }));
  }

  function quoteBox(id) {
    var q = S.items[id];
    var who = !q ? '' : q.direction === 'inbound' ? 'You' : bizName();
    return el('div', { class: 'quote', 'data-testid': 'bubble-quote' }, [el('b', { text: who }), el('span', { text: preview(q) })]);
  }

  function bizName() {
    var n = S.cfg && S.cfg.numbers.filter(function (x) { return x.phoneNumberId === S.pn; })[0];
    return n ? n.verifiedName : 'Business';
  }

  function bubble(item) {
    var mine = item.direction === 'inbound', m = item.message || {};
    var b = el('div', { class: 'bubble ' + (mine ? 'me' : 'biz'), 'data-testid': 'bubble', 'data-wamid': item.wamid, 'data-from': mine ? 'me' : 'business', 'data-type': item.type });
    var ctxId = mine ? m.context && m.context.id : m.context && m.context.message_id;
    if (ctxId) b.appendChild(quoteBox(ctxId));
    if (mine && m.context && m.context.forwarded) b.appendChild(el('div', { class: 'ftr', text: '↪ Forwarded' }));
    var box = el('div', { class: 'content' });
    content(item, box);
    b.appendChild(box);
    var acts = el('div', { class: 'acts' }, [
      el('button', { type: 'button', 'data-testid': 'bubble-reply', 'aria-label': 'Reply to this message', title: 'Reply', text: '↩', onclick: function () { setQuote(item); } }),
      el('button', { type: 'button', 'data-testid': 'bubble-react', 'aria-label': 'React to this message', title: 'React', text: '☺', onclick: function () { openEmoji(item); } }),
    ]);
    b.appendChild(el('div', { class: 'meta' }, [acts, el('span', { text: hhmm(item.timestamp) }), el('span', { class: 'st' })]));
    b.appendChild(el('span', { class: 'rx', 'data-testid': 'reaction', hidden: '' }));
    return b;
  }

  function nodeOf(wamid) { return chat.querySelector('[data-wamid="' + String(wamid).replace(/["\\]/g, '') + '"]'); }

  function renderStatus(item) {
    var node = nodeOf(item.wamid), st = node && node.querySelector('.st');
    if (!st) return;
    st.textContent = '';
    if (item.direction === 'inbound') {
      var label = item.status === 'read' ? 'Read' : item.status === 'pending' ? 'Sending' : 'Delivered';
      st.appendChild(el('span', { class: 'ticks', 'data-testid': 'ticks', 'data-status': item.status, 'aria-label': label, title: label, text: item.status === 'pending' ? '🕓' : '✓✓' }));
    } else if (item.status === 'failed') {
      st.appendChild(el('span', { class: 'fail', 'data-testid': 'bubble-failed', text: '⚠ not delivered' }));
    }
  }

  function renderReaction(target) {
    var node = nodeOf(target), badge = node && node.querySelector('.rx');
    if (!badge) return;
    var r = S.rx[target] || {}, text = (r.biz || '') + (r.me || '');
    badge.textContent = text;
    if (text) { badge.removeAttribute('hidden'); node.classList.add('has-rx'); } else { badge.setAttribute('hidden', ''); node.classList.remove('has-rx'); }
  }

  function apply(item) {
    if (item.seq > S.lastSeq) S.lastSeq = item.seq;
    if (item.phoneNumberId !== S.pn) return;
    if (item.kind === 'status') {
      var msg = S.items[item.wamid];
      if (!msg || msg.status === 'failed') return;
      if (item.status === 'failed' || RANK[item.status] > RANK[msg.status]) msg.status = item.status;
      return renderStatus(msg);
    }
    if (S.items[item.wamid]) return;
    S.items[item.wamid] = item;
    var hint = $('hint');
    if (hint) hint.remove();
    if (item.type === 'reaction') {
      var r = (item.message || {}).reaction || {}, who = item.direction === 'inbound' ? 'me' : 'biz';
      S.rx[r.message_id] = S.rx[r.message_id] || {};
      S.rx[r.message_id][who] = r.emoji || '';
      return renderReaction(r.message_id);
    }
    var stick = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
    chat.appendChild(bubble(item));
    renderStatus(item);
    renderReaction(item.wamid);
    if (stick || item.direction === 'inbound') chat.scrollTop = chat.scrollHeight;
    if (item.direction === 'outbound') scheduleRead();
  }

  // with autoRead off, business messages become read only while this page is visible
  function scheduleRead() {
    if (!S.cfg || S.cfg.autoRead || document.visibilityState !== 'visible' || !S.waId) return;
    clearTimeout(S.readTimer);
    S.readTimer = setTimeout(function () { api('customer/' + S.waId + '/read', { phoneNumberId: S.pn }).catch(function () {}); }, 400);
  }

  function send(body, replyTo, noQuote) {
    if (!S.waId || S.waId.length < 7) { toast('Enter your phone number first'); phoneIn.focus(); return Promise.resolve(); }
    body.from = S.waId;
    body.phoneNumberId = S.pn;
    if (nameIn.value.trim()) body.name = nameIn.value.trim();
    var q = noQuote ? null : replyTo || (S.quote && S.quote.wamid);
    if (q) body.context = { replyTo: q };
    if (!noQuote) setQuote(null);
    return api('customer/messages', body).catch(function (e) { toast(e.message); });
  }

  function setQuote(item) {
    S.quote = item;
    var box = $('quote');
    if (!item) { box.setAttribute('hidden', ''); return; }
    box.querySelector('b').textContent = item.direction === 'inbound' ? 'You' : bizName();
    box.querySelector('span').textContent = preview(item);
    box.removeAttribute('hidden');
    textIn.focus();
  }

  function showPanel(id) {
    ['emoji', 'loc'].forEach(function (p) { if (p === id) $(p).removeAttribute('hidden'); else $(p).setAttribute('hidden', ''); });
  }

  function openEmoji(item) {
    var box = $('emoji');
    box.textContent = '';
    EMOJI.forEach(function (e) {
      box.appendChild(el('button', { type: 'button', 'data-testid': 'emoji-option', 'aria-label': 'React with ' + e, text: e, onclick: function () { react(item, e); } }));
    });
    box.appendChild(el('button', { type: 'button', class: 'ghost', 'data-testid': 'emoji-remove', text: 'Remove', onclick: function () { react(item, ''); } }));
    box.appendChild(el('button', { type: 'button', class: 'ghost', 'data-testid': 'emoji-cancel', text: 'Cancel', onclick: function () { showPanel(null); } }));
    showPanel('emoji');
  }

  function react(item, emoji) {
    showPanel(null);
    var body = { type: 'reaction', messageId: item.wamid };
    if (emoji) body.emoji = emoji;
    send(body, null, true);
  }

  function openList(item, i) {
    var rows = $('sheet-rows');
    rows.textContent = '';
    $('sheet-title').textContent = i.action.button;
    (i.action.sections || []).forEach(function (s) {
      if (s.title) rows.appendChild(el('h3', { text: s.title }));
      (s.rows || []).forEach(function (r) {
        rows.appendChild(el('button', {
          type: 'button', class: 'row-btn', 'data-testid': 'list-row', 'data-id': r.id,
          onclick: function () {
            $('sheet').setAttribute('hidden', '');
            var body = { type: 'list_reply', id: r.id, title: r.title };
            if (r.description) body.description = r.description;
            send(body, item.wamid);
          },
        }, [r.title, r.description ? el('small', { text: r.description }) : null]));
      });
    });
    $('sheet').removeAttribute('hidden');
  }

  function connect() {
    var gen = ++S.gen;
    if (S.es) { S.es.close(); S.es = null; }
    document.body.removeAttribute('data-live');
    S.items = {}; S.rx = {}; S.lastSeq = 0; setQuote(null);
    S.waId = digits(phoneIn.value); S.pn = bizSel.value;
    try { localStorage.setItem('sandbox-phone', JSON.stringify({ phone: phoneIn.value, name: nameIn.value, pn: S.pn })); } catch (e) { /* private mode */ }
    chat.textContent = '';
    chat.appendChild(el('div', { class: 'hint', id: 'hint', text: 'Write to the business to open the 24-hour customer-service window. Messages you send here arrive at Spunta as WhatsApp webhooks.' }));
    if (S.waId.length < 7) return;
    api('customer/' + S.waId + '/messages?phoneNumberId=' + encodeURIComponent(S.pn)).then(function (j) {
      if (gen !== S.gen) return;
      j.data.forEach(apply);
      var es = new EventSource(base + 'customer/' + S.waId + '/events?phoneNumberId=' + encodeURIComponent(S.pn) + '&since=' + S.lastSeq);
      es.addEventListener('ready', function () { document.body.setAttribute('data-live', '1'); });
      es.addEventListener('item', function (ev) { if (gen === S.gen) apply(JSON.parse(ev.data)); });
      S.es = es;
      scheduleRead();
    }).catch(function (e) { toast(e.message); });
  }

  $('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var t = textIn.value;
    if (!t.trim()) return;
    textIn.value = '';
    send({ type: 'text', text: t });
  });
  $('attach').addEventListener('click', function () { $('file').click(); });
  $('file').addEventListener('change', function () {
    var f = $('file').files[0];
    $('file').value = '';
    if (!f) return;
    var fd = new FormData();
    fd.append('file', f, f.name);
    fetch(base + 'customer/media', { method: 'POST', body: fd }).then(function (r) { return r.json(); }).then(function (j) {
      if (!j.id) throw new Error((j.error && j.error.message) || 'upload failed');
      var body = { type: 'image', media: { id: j.id } }, cap = textIn.value.trim();
      if (cap) { body.caption = cap; textIn.value = ''; }
      return send(body);
    }).catch(function (e) { toast(e.message); });
  });
  $('locbtn').addEventListener('click', function () { showPanel($('loc').hasAttribute('hidden') ? 'loc' : null); });
  $('loc-cancel').addEventListener('click', function () { showPanel(null); });
  $('loc').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var lat = Number($('lat').value), lng = Number($('lng').value);
    if (!isFinite(lat) || !isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) { toast('Invalid coordinates'); return; }
    var loc = { latitude: lat, longitude: lng }, place = $('locname').value.trim();
    if (place) loc.name = place;
    var body = { type: 'location', location: loc };
    showPanel(null);
    send(body);
  });
  $('quote-cancel').addEventListener('click', function () { setQuote(null); });
  $('sheet-close').addEventListener('click', function () { $('sheet').setAttribute('hidden', ''); });
  [bizSel, phoneIn].forEach(function (i) { i.addEventListener('change', connect); });
  nameIn.addEventListener('change', function () { try { localStorage.setItem('sandbox-phone', JSON.stringify({ phone: phoneIn.value, name: nameIn.value, pn: S.pn })); } catch (e) { /* ignore */ } });
  document.addEventListener('visibilitychange', scheduleRead);

  api('customer/config').then(function (cfg) {
    S.cfg = cfg;
    cfg.numbers.forEach(function (n) {
      bizSel.appendChild(el('option', { value: n.phoneNumberId, text: n.verifiedName + ' · ' + n.displayPhoneNumber }));
    });
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem('sandbox-phone') || '{}') || {}; } catch (e) { saved = {}; }
    var qs = new URLSearchParams(location.search);
    phoneIn.value = qs.get('phone') || saved.phone || '39333' + String(Math.floor(1000000 + Math.random() * 8999999));
    nameIn.value = qs.get('name') || saved.name || 'Giulia Rossi';
    var pn = qs.get('pn') || saved.pn;
    if (pn && cfg.numbers.some(function (n) { return n.phoneNumberId === pn; })) bizSel.value = pn;
    connect();
  }).catch(function (e) { toast(e.message); });
})();
`;
