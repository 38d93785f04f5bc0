import './styles.css';
import { initLang } from './lang-state.js';
import './xmf-app.js';

initLang();
