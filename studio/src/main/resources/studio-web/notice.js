// One line at the top of the page for what went wrong (or right), as text.
import { t, onLanguageChange } from './i18n.js';

const SECONDS = 6;
let timer;
let words = null; // the key and values of a notice in the Studio's own words, rewritten when the language changes

function show(text) {
  const notice = document.getElementById('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { notice.hidden = true; }, SECONDS * 1000);
}

/** Shows message as it is (a server's error, which has no translation). */
export function showNotice(message) {
  words = null;
  show(message);
}

/** Shows the Studio's words for key; they follow a switch of language while shown. */
export function showMessage(key, values = {}) {
  words = { key, values };
  show(t(key, values));
}

onLanguageChange(() => {
  if (words) document.getElementById('notice').textContent = t(words.key, words.values);
});
