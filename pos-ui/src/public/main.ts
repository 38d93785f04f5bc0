import './styles.css';
import { initLang } from '../shared/i18n/lang.js';
import './xmf-app.js';

initLang();
