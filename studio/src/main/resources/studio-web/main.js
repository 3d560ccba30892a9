// The Studio's shell: tabs, the language toggle, the playground, and apps.js when this build has it.
import { setLanguage, currentLanguage, translate } from './i18n.js';
import { session } from './api.js';
import { startPlayground } from './playground.js';
import { showNotice } from './notice.js';

function showTab(name) {
  for (const tab of document.querySelectorAll('[role=tab]')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const panel of document.querySelectorAll('[role=tabpanel]')) panel.hidden = panel.id !== `tab-${name}`;
}

function languageButton() {
  const button = document.getElementById('language');
  const label = () => { button.textContent = currentLanguage() === 'ko' ? 'English' : '한국어'; };
  button.addEventListener('click', () => { setLanguage(currentLanguage() === 'ko' ? 'en' : 'ko'); label(); });
  label();
}

async function start() {
  translate();
  languageButton();
  for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => showTab(tab.dataset.tab));
  try {
    const info = await session();
    startPlayground(info);
    document.body.dataset.ready = 'true';
  } catch (e) {
    showNotice(e.message);
  }
  import('./apps.js').catch(() => {}); // the Apps part may be absent from this build
}

start();
