// An App's evaluations: upload a test set (CSV or JSONL) for a version, watch the job, see the metrics of every
// evaluation (one row per run, so versions compare side by side) and each row's output.
import { addMessages, t, translate } from './i18n.js';
import { api } from './api.js';
import { element } from './parameters.js';
import { showNotice, showMessage } from './notice.js';
import { watchJob, progressView } from './jobs.js';

addMessages({
  ko: {
    'eval.title': '평가', 'eval.file': '테스트 세트 (CSV 또는 JSONL: input, output/label)', 'eval.run': '평가 실행', 'eval.version': '버전',
    'eval.set': '테스트 세트', 'eval.accuracy': '정확도', 'eval.macroF1': 'F1 (매크로)', 'eval.exactMatch': '완전 일치', 'eval.f1': 'F1 (글자)',
    'eval.rows': '행별 결과', 'eval.input': '입력', 'eval.expected': '정답', 'eval.output': '출력', 'eval.none': '아직 평가가 없습니다',
    'eval.noFile': '파일을 고르세요',
  },
  en: {
    'eval.title': 'Evaluation', 'eval.file': 'Test set (CSV or JSONL: input, output/label)', 'eval.run': 'Evaluate', 'eval.version': 'Version',
    'eval.set': 'Test set', 'eval.accuracy': 'Accuracy', 'eval.macroF1': 'F1 (macro)', 'eval.exactMatch': 'Exact match', 'eval.f1': 'F1 (chars)',
    'eval.rows': 'Rows', 'eval.input': 'Input', 'eval.expected': 'Expected', 'eval.output': 'Output', 'eval.none': 'No evaluations yet',
    'eval.noFile': 'Choose a file',
  },
});

const METRICS = [['accuracy', 'eval.accuracy'], ['macro_f1', 'eval.macroF1'], ['exact_match', 'eval.exactMatch'], ['f1', 'eval.f1']];
const cells = (tag, values) => element('tr', {}, values.map(v => element(tag, {}, [String(v)])));

/** The evaluation panel of app (as GET /api/apps/{name} answers); onDone reloads the app. */
export function evaluationPanel(app, version, onDone) {
  const file = element('input', { type: 'file', id: 'eval-file', accept: '.csv,.jsonl,.json,.txt' });
  const run = element('button', { type: 'button', id: 'eval-run' }, [t('eval.run')]);
  const progress = progressView();
  const rows = element('div', { id: 'eval-rows' });
  const table = element('table', { class: 'grid', id: 'eval-list' });
  table.append(cells('th', [t('eval.version'), t('eval.set'), ...METRICS.map(([, k]) => t(k))]));
  for (const e of app.evaluations) {
    const row = cells('td', [`v${e.version}`, e.test_set, ...METRICS.map(([m]) => e.metrics[m].toFixed(1))]);
    row.addEventListener('click', () => showRows(e.id));
    table.append(row);
  }
  if (!app.evaluations.length) table.append(element('tr', {}, [element('td', { colspan: '6', class: 'hint' }, [t('eval.none')])]));

  run.addEventListener('click', async () => {
    if (!file.files.length) return showMessage('eval.noFile');
    try {
      const content = await file.files[0].text();
      const job = await api('POST', `/api/apps/${encodeURIComponent(app.name)}/versions/${version()}/evaluations`,
        { test_set: { name: file.files[0].name, content } });
      const last = await watchJob(job.id, progress.update);
      if (last.status === 'failed') throw new Error(last.error);
      await onDone();
    } catch (e) {
      showNotice(e.message);
    }
  });

  async function showRows(id) {
    const evaluation = await api('GET', `/api/evaluations/${encodeURIComponent(id)}`);
    const list = element('table', { class: 'grid' }, [cells('th', [t('eval.input'), t('eval.expected'), t('eval.output'), ''])]);
    for (const r of evaluation.results) list.append(cells('td', [r.input, r.expected, r.output, r.exact_match ? '✓' : '✗']));
    rows.replaceChildren(element('h4', {}, [`${t('eval.rows')} · v${evaluation.version} · ${evaluation.test_set}`]),
      element('div', { class: 'scroll' }, [list]));
  }

  const panel = element('section', { class: 'panel' }, [element('h3', {}, [t('eval.title')]),
    element('label', { for: 'eval-file' }, [t('eval.file')]), element('div', { class: 'row wrap' }, [file, run]), progress,
    element('div', { class: 'scroll' }, [table]), rows]);
  translate(panel);
  return panel;
}
