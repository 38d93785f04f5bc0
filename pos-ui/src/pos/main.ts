import './pos.css';
import { initLang } from '../shared/i18n/lang.js';
import './xmf-pos-app.js';

// The tablet POS: the language chosen on this tablet (zh-CN by default), then the app,
// which opens the outbox, registers the service worker and shows the lock screen.
initLang();
document.body.replaceChildren(document.createElement('xmf-pos-app'));
