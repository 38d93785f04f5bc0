import type { Dictionary } from '../shared/i18n/lang-controller.js';
import type { PlaceholderMessages } from '../shared/xmf-placeholder-app.js';

/** The tablet POS (issue 11)'s words; grows with the app (interface per app, shared words in shared/i18n). */
export const POS_MESSAGES: Dictionary<PlaceholderMessages> = {
  'zh-CN': { title: '辛馍坊 · 收银', comingSoon: '平板收银台正在建设中。' },
  en: { title: 'Xinmofang · Till', comingSoon: 'The tablet till is being built.' },
};
