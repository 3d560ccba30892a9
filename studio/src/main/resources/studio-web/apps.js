// The Apps tab: saved prompts as Apps with immutable versions, labels that move and roll back, the deployed endpoint
// (with a call to try and code to copy), evaluations; and the API key and tuning tabs. Everything the server or a user
// wrote is shown as text, never parsed as HTML.
import { addMessages, t, translate, onLanguageChange } from './i18n.js';
import { api, session } from './api.js';
import { element } from './parameters.js';
import { showNotice, showMessage } from './notice.js';
import { snippets } from './snippets.js';
import { evaluationPanel } from './evaluation.js';
import { startKeys } from './keys.js';
import { startTuning } from './tuning.js';

addMessages({
  ko: {
    'apps.title': '앱', 'apps.none': '저장된 앱이 없습니다. 플레이그라운드에서 "앱으로 저장"을 누르세요.', 'apps.name': '앱 이름',
    'apps.save': '새 버전 저장', 'apps.saved': '{name} 버전 {version}을 저장했습니다', 'apps.versions': '버전', 'apps.labels': '라벨',
    'apps.setLabel': '라벨 지정', 'apps.rollback': '되돌리기', 'apps.spec': '설정 보기', 'apps.deploy': '배포 (API)',
    'apps.key': 'API 키', 'apps.input': '입력', 'apps.call': '호출', 'apps.code': '코드 보기', 'apps.latest': '최신',
    'apps.output': '출력', 'apps.labelName': '라벨 이름', 'apps.tuned': '튜닝된 프롬프트',
  },
  en: {
    'apps.title': 'Apps', 'apps.none': 'No Apps yet. Press "Save as App" in the playground.', 'apps.name': 'App name',
    'apps.save': 'Save new version', 'apps.saved': 'Saved {name} version {version}', 'apps.versions': 'Versions', 'apps.labels': 'Labels',
    'apps.setLabel': 'Set label', 'apps.rollback': 'Roll back', 'apps.spec': 'Show settings', 'apps.deploy': 'Deploy (API)',
    'apps.key': 'API key', 'apps.input': 'Input', 'apps.call': 'Call', 'apps.code': 'View code', 'apps.latest': 'latest',
    'apps.output': 'Output', 'apps.labelName': 'Label name', 'apps.tuned': 'tuned prompt',
  },
});

const $ = id => document.getElementById(id);
const path = name => `/api/apps/${encodeURIComponent(name)}`;
let pending = null; // a spec handed over by the playground, waiting for a name
let selected = null;

function button(id, key, onClick, cls = '') {
  const b = element('button', { type: 'button', id, class: cls }, [t(key)]);
  b.addEventListener('click', async () => {
    try {
      await onClick();
    } catch (e) {
      showNotice(e.message);
    }
  });
  return b;
}

function showTab(name) {
  document.querySelector(`[role=tab][data-tab=${name}]`).click();
}

/** The save form: a name (an existing App gets its next version) for the spec the playground handed over. */
function saveForm() {
  const name = element('input', { type: 'text', id: 'app-name', list: 'app-names', maxlength: '64', pattern: '[A-Za-z0-9][A-Za-z0-9_-]*' });
  const save = button('app-save', 'apps.save', async () => {
    const version = await api('POST', `${path(name.value.trim())}/versions`, { spec: pending });
    showMessage('apps.saved', { name: version.app, version: version.version });
    pending = null;
    form.hidden = true;
    await refresh(version.app);
  }, 'primary');
  save.dataset.i18n = 'apps.save'; // the form outlives redraws of the App
  const form = element('div', { class: 'row wrap', id: 'app-save-form', hidden: '' },
    [element('label', { for: 'app-name', 'data-i18n': 'apps.name' }), name, save, element('datalist', { id: 'app-names' })]);
  return form;
}

async function refresh(name = selected) {
  const apps = (await api('GET', '/api/apps')).data;
  $('app-names').replaceChildren(...apps.map(a => element('option', { value: a.name })));
  const list = $('app-list');
  list.replaceChildren(...apps.map(a => {
    const item = element('li', {}, [element('button', { type: 'button', class: a.name === name ? 'quiet current' : 'quiet', 'data-app': a.name },
      [`${a.name} · v${a.latest_version}`, ...a.labels.map(l => element('span', { class: 'tag' }, [`${l.label}→v${l.version}`]))])]);
    item.firstChild.addEventListener('click', () => refresh(a.name));
    return item;
  }));
  if (!apps.length) list.append(element('li', { class: 'hint' }, [t('apps.none')]));
  selected = apps.some(a => a.name === name) ? name : null;
  $('app-detail').replaceChildren(...(selected ? await detail(await api('GET', path(selected))) : []));
}

async function detail(app) {
  const versions = element('table', { class: 'grid', id: 'app-versions' });
  const spec = element('pre', { class: 'assembled', id: 'app-spec', hidden: '' });
  versions.append(element('tr', {}, [t('apps.versions'), t('apps.labels'), ''].map(h => element('th', {}, [h]))));
  for (const v of app.versions) {
    const labels = app.labels.filter(l => l.version === v.version).map(l => l.label).join(', ');
    const what = v.spec.tunedPrompt ? `${v.spec.model} · ${t('apps.tuned')} ${v.spec.tunedPrompt}` : `${v.spec.model} · ${v.spec.prompt.instruction.slice(0, 60)}`;
    const show = element('button', { type: 'button', class: 'quiet' }, [t('apps.spec')]);
    show.addEventListener('click', () => {
      spec.textContent = JSON.stringify(v.spec, null, 2);
      spec.hidden = false;
    });
    versions.append(element('tr', { 'data-version': String(v.version) }, [element('td', {}, [`v${v.version} · ${what}`]),
      element('td', {}, [labels]), element('td', {}, [show])]));
  }
  const version = element('select', { id: 'app-version' }, app.versions.map(v => element('option', { value: String(v.version) }, [`v${v.version}`])));
  const label = element('input', { type: 'text', id: 'app-label', value: 'production' });
  const setLabel = button('app-set-label', 'apps.setLabel', async () => {
    await api('PUT', `${path(app.name)}/labels/${encodeURIComponent(label.value.trim())}`, { version: Number(version.value) });
    await refresh(app.name);
  });
  const rollbacks = app.labels.filter(l => l.previous !== null).map(l => {
    const back = button(`app-rollback-${l.label}`, 'apps.rollback', async () => {
      await api('POST', `${path(app.name)}/labels/${encodeURIComponent(l.label)}/rollback`, {});
      await refresh(app.name);
    }, 'quiet');
    back.append(` ${l.label} → v${l.previous}`);
    return back;
  });
  return [element('h3', {}, [app.name]), versions, spec,
    element('div', { class: 'row wrap labels' }, [version, element('label', { for: 'app-label' }, [t('apps.labelName')]), label, setLabel, ...rollbacks]),
    deployPanel(app), evaluationPanel(app, () => version.value, () => refresh(app.name))];
}

/** The endpoint: a call to try with a key, and the same call as curl / Java / Python. */
function deployPanel(app) {
  const url = `${location.origin}${path(app.name)}/complete`;
  const key = element('input', { type: 'text', id: 'deploy-key', autocomplete: 'off' });
  const input = element('textarea', { id: 'deploy-input', rows: '2' });
  const output = element('pre', { class: 'assembled', id: 'deploy-output' });
  const code = element('pre', { class: 'assembled', id: 'deploy-code' });
  const languages = element('select', { id: 'deploy-language' }, ['curl', 'java', 'python'].map(l => element('option', { value: l }, [l])));
  const showCode = () => { code.textContent = snippets(url, { input: input.value || '안녕하세요', label: 'production' })[languages.value]; };
  languages.addEventListener('change', showCode);
  input.addEventListener('input', showCode);
  const call = button('deploy-call', 'apps.call', async () => {
    const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key.value.trim()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: input.value }) });
    const answer = await response.json();
    output.textContent = response.ok ? answer.output : answer.error.message;
    output.dataset.version = response.ok ? String(answer.version) : '';
  }, 'primary');
  showCode();
  return element('section', { class: 'panel' }, [element('h3', {}, [t('apps.deploy')]), element('code', {}, [`POST ${url}`]),
    element('label', { for: 'deploy-key' }, [t('apps.key')]), key, element('label', { for: 'deploy-input' }, [t('apps.input')]), input,
    element('div', { class: 'row' }, [call]), element('span', { class: 'label' }, [t('apps.output')]), output,
    element('details', {}, [element('summary', {}, [t('apps.code')]), languages, code])]);
}

async function start() {
  const info = await session();
  const panel = $('tab-apps');
  panel.append(element('div', { class: 'apps' }, [
    element('div', { class: 'column' }, [element('h2', { 'data-i18n': 'apps.title' }), saveForm(), element('ul', { id: 'app-list', class: 'app-list' })]),
    element('div', { class: 'column', id: 'app-detail' })]));
  translate(panel);
  window.addEventListener('studio:save-app', event => {
    event.preventDefault();
    pending = event.detail.spec;
    showTab('apps');
    $('app-save-form').hidden = false;
    $('app-name').focus();
  });
  const keys = startKeys($('tab-keys'));
  startTuning($('tab-tuning'), info, () => refresh());
  onLanguageChange(() => refresh().catch(e => showNotice(e.message)));
  await Promise.all([refresh(), keys.refresh()]);
  document.body.dataset.appsReady = 'true';
}

start().catch(e => showNotice(e.message));
