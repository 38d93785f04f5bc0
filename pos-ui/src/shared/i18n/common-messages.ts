import type { Lang } from './lang.js';
import type { Dictionary } from './lang-controller.js';

/** Words every app needs: the language toggle and the states of anything that loads. */
export interface CommonMessages {
  /** The toggle names the other language, in that language. */
  switchLanguage: { text: string; textLang: Lang };
  loading: string;
  loadError: string;
  /** No answer at all: the device is offline or the server unreachable. */
  offline: string;
  retry: string;
  /** A page that needs someone to log in first. */
  loginNeeded: string;
  /** Written beside Beijing times, which is the business's clock. */
  beijingTime: string;
}

export const COMMON_MESSAGES: Dictionary<CommonMessages> = {
  'zh-CN': {
    switchLanguage: { text: 'English', textLang: 'en' },
    loading: '正在加载…',
    loadError: '暂时无法加载，请检查网络后重试。',
    offline: '网络未连接。连上网络后再试。',
    retry: '重试',
    loginNeeded: '请先登录。',
    beijingTime: '北京时间',
  },
  en: {
    switchLanguage: { text: '中文', textLang: 'zh-CN' },
    loading: 'Loading…',
    loadError: 'Could not load this just now. Please check the connection and try again.',
    offline: 'No connection. Try again once the network is back.',
    retry: 'Try again',
    loginNeeded: 'Please log in first.',
    beijingTime: 'Beijing time',
  },
};
