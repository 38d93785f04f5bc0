import '../shared/placeholder.css';
import { initLang } from '../shared/i18n/lang.js';
import '../shared/xmf-placeholder-app.js';
import { POS_MESSAGES } from './messages.js';

// A placeholder on the shared base until the tablet POS (issue 11) replaces it.
initLang();
const app = document.createElement('xmf-placeholder-app');
app.messages = POS_MESSAGES;
document.body.replaceChildren(app);
import './pos-shell.js';
