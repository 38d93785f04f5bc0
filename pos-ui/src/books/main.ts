import '../shared/placeholder.css';
import { initLang } from '../shared/i18n/lang.js';
import '../shared/xmf-placeholder-app.js';
import { BOOKS_MESSAGES } from './messages.js';

// A placeholder on the shared base until the accountant console (issue 14) replaces it.
initLang();
const app = document.createElement('xmf-placeholder-app');
app.messages = BOOKS_MESSAGES;
document.body.replaceChildren(app);
