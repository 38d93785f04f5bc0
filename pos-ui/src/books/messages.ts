import type { Dictionary } from '../shared/i18n/lang-controller.js';
import type { PlaceholderMessages } from '../shared/xmf-placeholder-app.js';

/** The accountant console (issue 14)'s words; grows with the app (interface per app, shared words in shared/i18n). */
export const BOOKS_MESSAGES: Dictionary<PlaceholderMessages> = {
  'zh-CN': { title: '辛馍坊 · 账务', comingSoon: '会计控制台正在建设中。' },
  en: { title: 'Xinmofang · Books', comingSoon: 'The accountant console is being built.' },
};
