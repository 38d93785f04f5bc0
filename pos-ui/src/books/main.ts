import './books.css';
import { initLang } from '../shared/i18n/lang.js';
import './xmf-books-app.js';

initLang();
document.body.replaceChildren(document.createElement('xmf-books-app'));
