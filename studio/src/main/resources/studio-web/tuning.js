// The tuning tab: upload labelled rows, p-tune the local model (a background job whose progress streams in), and
// attach a tuned prompt to an App as its next version.
import { addMessages, t, translate, onLanguageChange } from './i18n.js';
import { api } from './api.js';
import { element } from './parameters.js';
import { showNotice, showMessage } from './notice.js';
import { watchJob, progressView } from './jobs.js';

addMessages({
  ko: {
    'tune.title': 'P-튜닝', 'tune.name': '이름', 'tune.model': '모델 (로컬)', 'tune.file': '학습 데이터 (CSV 또는 JSONL: input, output/label)',
    'tune.steps': '스텝', 'tune.tokens': '가상 토큰 수', 'tune.start': '튜닝 시작', 'tune.prompts': '튜닝된 프롬프트',
    'tune.attach': '앱에 연결', 'tune.app': '앱', 'tune.attached': '{app} 버전 {version}에 연결했습니다', 'tune.noFile': '파일을 고르세요',
    'tune.score': '{metric} {score}', 'tune.dev': '스텝 {step}: 검증 세트 {metric} {score}',
  },
  en: {
    'tune.title': 'P-tuning', 'tune.name': 'Name', 'tune.model': 'Model (local)', 'tune.file': 'Training data (CSV or JSONL: input, output/label)',
    'tune.steps': 'Steps', 'tune.tokens': 'Virtual tokens', 'tune.start': 'Start tuning', 'tune.prompts': 'Tuned prompts',
    'tune.attach': 'Attach to App', 'tune.app': 'App', 'tune.attached': 'Attached as {app} version {version}', 'tune.noFile': 'Choose a file',
    'tune.score': '{metric} {score}', 'tune.dev': 'step {step}: dev {metric} {score}',
  },
});

const input = (id, attributes) => element('input', { id, ...attributes });

export function startTuning(panel, session, onAttached) {
  const name = input('tune-name', { type: 'text', value: 'my-prompt', maxlength: '64' });
  const model = element('select', { id: 'tune-model' }, session.models.filter(m => m.kind === 'local').map(m => element('option', { value: m.id }, [m.id])));
  const file = input('tune-file', { type: 'file', accept: '.csv,.jsonl,.json,.txt' });
  const steps = input('tune-steps', { type: 'number', value: '30', min: '1', max: '10000' });
  const tokens = input('tune-tokens', { type: 'number', value: '4', min: '1', max: '64' });
  const start = element('button', { type: 'button', class: 'primary', id: 'tune-start', 'data-i18n': 'tune.start' });
  const progress = progressView();
  const log = element('ol', { class: 'history', id: 'tune-log' });
  let evaluations = []; // the dev scores of the last job, drawn into log
  const drawLog = () => log.replaceChildren(...evaluations.map(d => element('li', {}, [t('tune.dev', { ...d, score: d.score.toFixed(3) })])));
  const prompts = element('ul', { class: 'app-list', id: 'tuned-prompts' });
  const field = (id, key, control) => element('div', { class: 'field' }, [element('label', { for: id, 'data-i18n': key }), control]);
  panel.append(element('div', { class: 'column' }, [element('h2', { 'data-i18n': 'tune.title' }),
    field('tune-name', 'tune.name', name), field('tune-model', 'tune.model', model), field('tune-file', 'tune.file', file),
    element('div', { class: 'row' }, [field('tune-steps', 'tune.steps', steps), field('tune-tokens', 'tune.tokens', tokens)]),
    element('div', { class: 'row' }, [start]), progress, log,
    element('h3', { 'data-i18n': 'tune.prompts' }), prompts]));
  translate(panel);

  start.addEventListener('click', async () => {
    if (!file.files.length) return showMessage('tune.noFile');
    start.disabled = true;
    try {
      const data = { name: file.files[0].name, content: await file.files[0].text() };
      const job = await api('POST', '/api/tuning', { name: name.value.trim(), model: model.value, steps: Number(steps.value),
        prompt_tokens: Number(tokens.value), data });
      evaluations = [];
      drawLog();
      const last = await watchJob(job.id, state => {
        progress.update(state);
        if (state.detail?.metric) {
          evaluations.push(state.detail);
          drawLog();
        }
      });
      if (last.status === 'failed') throw new Error(last.error);
      await refresh();
    } catch (e) {
      showNotice(e.message);
    } finally {
      start.disabled = false;
    }
  });

  async function refresh() {
    const [list, apps] = await Promise.all([api('GET', '/api/tuned-prompts'), api('GET', '/api/apps')]);
    prompts.replaceChildren(...list.data.map(p => {
      const app = element('select', {}, apps.data.map(a => element('option', { value: a.name }, [a.name])));
      const attach = element('button', { type: 'button', 'data-prompt': p.id }, [t('tune.attach')]);
      attach.addEventListener('click', () => attachTo(p, app.value).catch(e => showNotice(e.message)));
      const score = p.training?.dev_metric ? t('tune.score', { metric: p.training.dev_metric, score: Number(p.training.dev_score).toFixed(2) }) : '';
      return element('li', { class: 'row wrap' }, [element('code', {}, [p.id]), `${p.name} · ${score} · ${p.labels.join(', ')}`, app, attach]);
    }));
  }

  /** A new version of the App: its latest spec, on the prompt's model, with the tuned prompt. */
  async function attachTo(prompt, appName) {
    const app = await api('GET', `/api/apps/${encodeURIComponent(appName)}`);
    const spec = { ...app.versions[0].spec, model: model.value, tunedPrompt: prompt.id };
    const version = await api('POST', `/api/apps/${encodeURIComponent(appName)}/versions`, { spec });
    showMessage('tune.attached', { app: appName, version: version.version });
    await onAttached();
  }

  onLanguageChange(() => {
    if (progress.state) progress.update(progress.state);
    drawLog();
    refresh().catch(e => showNotice(e.message));
  });
  refresh().catch(e => showNotice(e.message));
}
