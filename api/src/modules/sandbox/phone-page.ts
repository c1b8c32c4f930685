/**
 * The "customer phone": one self-contained page (inline CSS + vanilla JS, no external requests) where a
 * person plays a customer. Served with a CSP that forbids everything but same-origin requests.
 * Prefill with ?phone=393331234567&name=Giulia&pn=<phone-number-id>. Colours are WhatsApp-like but darkened to meet
 * WCAG AA (tests/e2e/a11y.spec.ts runs axe on it).
 */
import { PHONE_SCRIPT } from './phone-page.script.ts';

const STYLE = `
*{box-sizing:border-box}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
html,body{margin:0;height:100%}
body{font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#d1d7db;color:#111b21}
.app{display:flex;flex-direction:column;height:100vh;height:100dvh;max-width:520px;margin:0 auto;background:#efeae2;position:relative}
header{background:#075e54;color:#fff;padding:6px 8px;display:flex;flex-direction:column;gap:4px}
header .row{display:flex;gap:6px;align-items:center}
header label{font-size:11px;opacity:.85}
header select,header input{flex:1;min-width:0;font:inherit;font-size:14px;padding:5px 6px;border:0;border-radius:6px;background:#fff;color:#111b21}
header .name{flex:.8}
#chat{flex:1;overflow-y:auto;padding:8px 10px 12px;display:flex;flex-direction:column;gap:4px}
.hint{margin:auto;max-width:80%;text-align:center;font-size:13px;color:#54656f;background:#fff8c4;border-radius:8px;padding:8px}
.bubble{position:relative;max-width:85%;min-width:130px;padding:6px 8px 4px;border-radius:8px;box-shadow:0 1px .5px rgba(0,0,0,.13);word-wrap:break-word;overflow-wrap:anywhere}
.bubble.biz{align-self:flex-start;background:#fff;border-top-left-radius:2px}
.bubble.me{align-self:flex-end;background:#d9fdd3;border-top-right-radius:2px}
.bubble.has-rx{margin-bottom:14px}
.txt{white-space:pre-wrap}
.hdr{font-weight:600;margin-bottom:2px}
.ftr{font-size:12px;color:#54656f;margin-top:2px}
.muted{color:#54656f;font-style:italic}
.content img.image,.content video{display:block;max-width:100%;max-height:260px;border-radius:6px;margin-bottom:3px}
.content img.sticker{width:120px;height:120px;object-fit:contain}
.content audio{width:220px;max-width:100%}
.content a{color:#0069a3}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:rgba(0,0,0,.05);padding:0 2px}
.quote{border-left:4px solid #06cf9c;background:rgba(0,0,0,.05);border-radius:4px;padding:3px 6px;margin-bottom:4px;font-size:13px}
.quote b{display:block;color:#05705a;font-size:12px}
.quote span{display:block;color:#54656f;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.meta{display:flex;justify-content:flex-end;align-items:center;gap:4px;font-size:11px;color:#54656f;margin-top:2px}
.ticks{letter-spacing:-3px;padding-right:3px}
.ticks[data-status=read]{color:#0069a3}
.fail{color:#b3261e}
.btns{display:flex;flex-direction:column;gap:1px;margin:6px -8px -4px;border-top:1px solid #e9edef}
.qr{display:block;width:100%;padding:9px 6px;border:0;background:none;color:#0069a3;font:inherit;font-weight:500;text-align:center;cursor:pointer;text-decoration:none}
.qr+.qr{border-top:1px solid #e9edef}
.qr:disabled{color:#8696a0;cursor:default}
.acts{display:flex;gap:2px;margin-right:auto;opacity:.55}
.bubble:hover .acts,.bubble:focus-within .acts{opacity:1}
.acts button{width:24px;height:20px;border-radius:10px;border:0;background:rgba(0,0,0,.06);cursor:pointer;font-size:12px;padding:0;line-height:20px}
.rx{position:absolute;bottom:-14px;right:6px;background:#fff;border-radius:10px;padding:0 4px;font-size:14px;box-shadow:0 1px 2px rgba(0,0,0,.2)}
.bar{display:flex;align-items:center;gap:6px;background:#f0f2f5;padding:6px}
.bar input[type=text]{flex:1;min-width:0;font:inherit;padding:9px 12px;border:0;border-radius:20px;background:#fff}
.icon{flex:none;width:38px;height:38px;border-radius:50%;border:0;background:none;font-size:19px;cursor:pointer;color:#54656f}
.send{background:#017561;color:#fff}
.panel{background:#fff;border-top:1px solid #e9edef;padding:8px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.panel[hidden],.sheet[hidden],#quote[hidden],.rx[hidden]{display:none}
.panel input{flex:1;min-width:80px;font:inherit;padding:6px;border:1px solid #d1d7db;border-radius:6px}
.panel button{font:inherit;padding:6px 10px;border:0;border-radius:6px;background:#017561;color:#fff;cursor:pointer}
.panel button.ghost{background:#e9edef;color:#111b21}
#emoji button{font-size:22px;background:none;padding:4px 6px}
#emoji button.ghost{font-size:13px;background:#e9edef}
#quote{display:flex;align-items:center;gap:6px;background:#f0f2f5;padding:6px 8px 0}
#quote .quote{flex:1;margin:0;min-width:0}
.sheet{position:absolute;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:flex-end}
.sheet .box{background:#fff;width:100%;max-height:75%;overflow-y:auto;border-radius:12px 12px 0 0;padding:10px 0}
.sheet h2{font-size:16px;margin:0 16px 8px}
.sheet h3{font-size:13px;color:#008069;margin:10px 16px 4px;font-weight:500}
.row-btn{display:block;width:100%;text-align:left;border:0;background:none;padding:9px 16px;font:inherit;cursor:pointer}
.row-btn small{display:block;color:#54656f}
.row-btn:hover{background:#f5f6f6}
#toast{position:absolute;left:10px;right:10px;bottom:70px;background:#323232;color:#fff;padding:8px 10px;border-radius:6px;font-size:13px}
#toast:empty{display:none}
`;

export function phonePageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Customer phone · Spunta sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<main class="app">
  <h1 class="sr-only">Customer phone · Spunta sandbox</h1>
  <header>
    <div class="row">
      <label for="biz">Chat with</label>
      <select id="biz" data-testid="phone-business" aria-label="Business number"></select>
    </div>
    <div class="row">
      <input id="phone" data-testid="phone-customer-number" aria-label="Your phone number" inputmode="tel" autocomplete="off" placeholder="Your number, e.g. 393331234567">
      <input id="name" class="name" data-testid="phone-customer-name" aria-label="Your name" autocomplete="off" placeholder="Your name">
    </div>
  </header>
  <div id="chat" role="log" aria-live="polite" aria-label="Conversation" data-testid="phone-chat"></div>
  <div id="quote" hidden data-testid="phone-quote">
    <div class="quote"><b></b><span></span></div>
    <button type="button" class="icon" id="quote-cancel" data-testid="phone-quote-cancel" aria-label="Cancel reply">✕</button>
  </div>
  <div id="emoji" class="panel" hidden role="dialog" aria-label="Choose a reaction" data-testid="emoji-picker"></div>
  <form id="loc" class="panel" hidden data-testid="phone-location-form" aria-label="Send a location">
    <input id="lat" data-testid="phone-location-lat" aria-label="Latitude" value="45.4642" inputmode="decimal">
    <input id="lng" data-testid="phone-location-lng" aria-label="Longitude" value="9.1900" inputmode="decimal">
    <input id="locname" data-testid="phone-location-name" aria-label="Place name" placeholder="Place name">
    <button type="submit" data-testid="phone-location-send">Send location</button>
    <button type="button" class="ghost" id="loc-cancel" data-testid="phone-location-cancel">Cancel</button>
  </form>
  <form id="composer" class="bar" autocomplete="off">
    <button type="button" class="icon" id="attach" data-testid="phone-attach" aria-label="Send a photo">📷</button>
    <input type="file" id="file" accept="image/jpeg,image/png" hidden data-testid="phone-file" aria-label="Photo to send">
    <button type="button" class="icon" id="locbtn" data-testid="phone-location" aria-label="Send a location">📍</button>
    <input type="text" id="text" data-testid="phone-text-input" aria-label="Message" placeholder="Message" enterkeyhint="send">
    <button type="submit" class="icon send" data-testid="phone-send" aria-label="Send">➤</button>
  </form>
  <div id="sheet" class="sheet" hidden role="dialog" aria-modal="true" data-testid="list-sheet">
    <div class="box"><h2 id="sheet-title"></h2><div id="sheet-rows"></div>
    <button type="button" class="qr" id="sheet-close" data-testid="list-close">Close</button></div>
  </div>
  <div id="toast" role="alert" data-testid="phone-error"></div>
</main>
<script>${PHONE_SCRIPT}</script>
</body>
</html>`;
}
