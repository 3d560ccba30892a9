// The runs made in this browser, each with its exact settings, kept in localStorage (newest first, at most 50).
import { t, currentLanguage } from './i18n.js';

const KEY = 'hanlm.history';
const LIMIT = 50;

export function runs() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

export function remember(run) {
  localStorage.setItem(KEY, JSON.stringify([run, ...runs()].slice(0, LIMIT)));
}

export function forget() {
  localStorage.removeItem(KEY);
}

/** Lists the runs in list; load(run) is called when one is picked. */
export function showHistory(list, load) {
  list.replaceChildren();
  const all = runs();
  if (!all.length) {
    const empty = document.createElement('li');
    empty.className = 'hint';
    empty.textContent = t('history.empty');
    list.append(empty);
  }
  for (const run of all) {
    const item = document.createElement('li');
    const summary = document.createElement('span');
    const settings = run.settings.map(s => `${s.model} T=${s.parameters.temperature}`).join(' | ');
    summary.textContent = `${new Date(run.time).toLocaleTimeString(currentLanguage())} · ${settings} · `;
    const input = document.createElement('span');
    input.translate = false; // the user's and the model's words
    input.textContent = run.input.slice(0, 30);
    summary.append(input);
    const output = document.createElement('span');
    output.className = 'hint';
    output.translate = false;
    output.textContent = run.outputs.map(o => o.slice(0, 40)).join(' | ');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'quiet';
    button.textContent = t('history.load');
    button.addEventListener('click', () => load(run));
    item.append(summary, output, button);
    list.append(item);
  }
}
