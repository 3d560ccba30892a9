// The Studio's words in Korean (the default) and English. Elements name their text with data-i18n (textContent),
// data-i18n-placeholder or data-i18n-title; other scripts add their own words with addMessages.
const messages = {
  ko: {
    'tab.playground': '플레이그라운드', 'tab.apps': '앱', 'tab.keys': 'API 키', 'tab.tuning': '튜닝',
    'preset.label': '프리셋', 'preset.none': '프리셋 선택…',
    'prompt.instruction': '지시문', 'prompt.instructionHint': '모델이 할 일을 설명하세요',
    'prompt.examples': '예시 (퓨샷)', 'prompt.addExample': '+ 예시 추가', 'prompt.input': '테스트 입력',
    'prompt.assembled': '완성된 프롬프트', 'prompt.exampleInput': '입력', 'prompt.exampleOutput': '출력',
    'prompt.up': '위로', 'prompt.down': '아래로', 'prompt.remove': '삭제', 'prompt.noExamples': '예시가 없습니다 (제로샷)',
    'count.tokens': '토큰 {n}개', 'count.unknown': '토큰 수를 알 수 없음 (원격 모델)',
    'run.run': '실행', 'run.stop': '중지', 'run.saveApp': '앱으로 저장', 'run.shortcuts': 'Ctrl+Enter 실행 · Esc 중지',
    'run.running': '생성 중…', 'run.stopped': '중지됨', 'run.done': '완료 · {reason} · 입력 {prompt} / 출력 {completion} 토큰',
    'run.failed': '실패: {message}', 'run.empty': '아직 실행하지 않았습니다. Ctrl+Enter로 실행하세요.',
    'run.noApps': '앱 저장 기능을 불러오지 못했습니다',
    'tokens.legend': '색: 토큰 확률 (높음 초록 · 낮음 빨강), 마우스를 올리면 다른 후보',
    'tokens.chosen': '선택', 'tokens.alternatives': '다른 후보',
    'param.model': '모델', 'param.maxTokens': '최대 토큰', 'param.temperature': '온도 (Temperature)', 'param.topK': 'Top-K',
    'param.topP': 'Top-P', 'param.repeatPenalty': '반복 패널티', 'param.stopBefore': '멈춤 문자열 (한 줄에 하나)',
    'param.injectStartText': '시작 텍스트 삽입', 'param.injectRestartText': '재시작 텍스트 삽입', 'param.seed': '시드 (비우면 무작위)',
    'param.filters': 'AI 필터', 'param.reset': '기본값으로', 'param.local': '로컬', 'param.remote': '원격',
    'compare.toggle': '두 설정 비교 (A/B)', 'compare.a': '설정 A', 'compare.b': '설정 B',
    'history.title': '실행 기록', 'history.clear': '기록 지우기', 'history.load': '불러오기', 'history.empty': '기록이 없습니다',
    'filters.blocked': '필터가 출력을 막았습니다',
  },
  en: {
    'tab.playground': 'Playground', 'tab.apps': 'Apps', 'tab.keys': 'API keys', 'tab.tuning': 'Tuning',
    'preset.label': 'Preset', 'preset.none': 'Pick a preset…',
    'prompt.instruction': 'Instruction', 'prompt.instructionHint': 'Describe the task for the model',
    'prompt.examples': 'Examples (few-shot)', 'prompt.addExample': '+ Add example', 'prompt.input': 'Test input',
    'prompt.assembled': 'Assembled prompt', 'prompt.exampleInput': 'Input', 'prompt.exampleOutput': 'Output',
    'prompt.up': 'Up', 'prompt.down': 'Down', 'prompt.remove': 'Remove', 'prompt.noExamples': 'No examples (zero-shot)',
    'count.tokens': '{n} tokens', 'count.unknown': 'token count unknown (remote model)',
    'run.run': 'Run', 'run.stop': 'Stop', 'run.saveApp': 'Save as App', 'run.shortcuts': 'Ctrl+Enter runs · Esc stops',
    'run.running': 'Generating…', 'run.stopped': 'Stopped', 'run.done': 'Done · {reason} · {prompt} in / {completion} out tokens',
    'run.failed': 'Failed: {message}', 'run.empty': 'Nothing run yet. Press Ctrl+Enter to run.',
    'run.noApps': 'Saving as an App is not available',
    'tokens.legend': 'Colour: token probability (high green, low red); hover for the alternatives',
    'tokens.chosen': 'chosen', 'tokens.alternatives': 'alternatives',
    'param.model': 'Model', 'param.maxTokens': 'Max tokens', 'param.temperature': 'Temperature', 'param.topK': 'Top-K',
    'param.topP': 'Top-P', 'param.repeatPenalty': 'Repeat penalty', 'param.stopBefore': 'Stop sequences (one per line)',
    'param.injectStartText': 'Inject start text', 'param.injectRestartText': 'Inject restart text', 'param.seed': 'Seed (empty: random)',
    'param.filters': 'AI filters', 'param.reset': 'Defaults', 'param.local': 'local', 'param.remote': 'remote',
    'compare.toggle': 'Compare two settings (A/B)', 'compare.a': 'Settings A', 'compare.b': 'Settings B',
    'history.title': 'Run history', 'history.clear': 'Clear history', 'history.load': 'Load', 'history.empty': 'No runs yet',
    'filters.blocked': 'A filter blocked the output',
  },
};

const listeners = [];
let language = localStorage.getItem('hanlm.language') === 'en' ? 'en' : 'ko';

export function currentLanguage() {
  return language;
}

/** The text for key in the current language, with {name} replaced from values; the key itself when unknown. */
export function t(key, values = {}) {
  const text = messages[language][key] ?? messages.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** Adds words: {ko: {...}, en: {...}}. */
export function addMessages(more) {
  for (const lang of Object.keys(messages)) Object.assign(messages[lang], more[lang] ?? {});
}

/** Writes every marked element's text under root in the current language. */
export function translate(root = document) {
  document.documentElement.lang = language;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

/** Calls fn after every change of language (to redraw what was written with t). */
export function onLanguageChange(fn) {
  listeners.push(fn);
}

export function setLanguage(lang) {
  language = lang === 'en' ? 'en' : 'ko';
  localStorage.setItem('hanlm.language', language);
  translate();
  listeners.forEach(fn => fn(language));
}
