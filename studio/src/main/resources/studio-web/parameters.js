// One set of generation settings: the model and CLOVA Studio's parameters under their names, plus seed and filters.
import { t, translate } from './i18n.js';

const NUMBERS = [
  ['maxTokens', 1, 4096, 1], ['temperature', 0, 2, 0.05], ['topK', 0, 1000, 1], ['topP', 0.01, 1, 0.01], ['repeatPenalty', 0, 10, 0.5],
];
const TEXTS = ['injectStartText', 'injectRestartText'];

export function element(tag, attributes = {}, children = []) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

function field(key, control) {
  const label = element('label', { 'data-i18n': `param.${key}` });
  return element('div', { class: 'field' }, [label, control]);
}

/**
 * Builds the form in container for set 'a' or 'b'; session gives the models, CLOVA's defaults and the filter names.
 * Returns get() (the settings as the run API takes them, with model and filters) and set(settings).
 */
export function parameterForm(container, name, session, onChange) {
  const form = element('fieldset', { class: 'parameter-set', 'data-set': name });
  const legend = element('legend', { 'data-i18n': `compare.${name}` });
  const model = element('select', { name: 'model' });
  for (const m of session.models) {
    const option = element('option', { value: m.id }, [m.id]);
    option.dataset.kind = m.kind;
    model.append(option);
  }
  form.append(legend, field('model', model));
  const controls = { model };
  for (const [key, min, max, step] of NUMBERS) {
    controls[key] = element('input', { type: 'number', name: key, min, max, step });
    form.append(field(key, controls[key]));
  }
  controls.stopBefore = element('textarea', { name: 'stopBefore', rows: 2 });
  form.append(field('stopBefore', controls.stopBefore));
  for (const key of TEXTS) {
    controls[key] = element('input', { type: 'text', name: key });
    form.append(field(key, controls[key]));
  }
  controls.seed = element('input', { type: 'number', name: 'seed', step: 1 });
  form.append(field('seed', controls.seed));
  const filterBoxes = session.filters.map(f => element('input', { type: 'checkbox', name: `filter-${f}`, value: f }));
  const action = element('select', { name: 'filterAction' }, ['score', 'mask', 'block'].map(a => element('option', { value: a }, [a])));
  if (filterBoxes.length) {
    const boxes = filterBoxes.map(box => element('label', { class: 'check' }, [box, ` ${box.value}`]));
    form.append(field('filters', element('div', { class: 'row wrap' }, [...boxes, action])));
  }
  const reset = element('button', { type: 'button', class: 'quiet', 'data-i18n': 'param.reset' });
  reset.addEventListener('click', () => { set({ ...session.defaults, model: model.value }); onChange(); });
  form.append(reset);
  form.addEventListener('input', onChange);
  container.append(form);
  translate(form);

  function get() {
    const numbers = Object.fromEntries(NUMBERS.map(([key]) => [key, controls[key].value === '' ? null : Number(controls[key].value)]));
    const chosen = filterBoxes.filter(b => b.checked).map(b => b.value);
    return {
      model: model.value,
      parameters: {
        ...numbers,
        stopBefore: controls.stopBefore.value.split('\n').filter(s => s !== '').map(s => s.replaceAll('\\n', '\n')),
        injectStartText: controls.injectStartText.value,
        injectRestartText: controls.injectRestartText.value,
        seed: controls.seed.value === '' ? null : Number(controls.seed.value),
      },
      filters: chosen.length ? { input: chosen, output: chosen, action: action.value } : null,
    };
  }

  function set(settings) {
    const p = settings.parameters ?? settings;
    if (settings.model && [...model.options].some(o => o.value === settings.model)) model.value = settings.model;
    for (const [key] of NUMBERS) controls[key].value = p[key] ?? session.defaults[key] ?? '';
    controls.stopBefore.value = (p.stopBefore ?? []).map(s => s.replaceAll('\n', '\\n')).join('\n');
    for (const key of TEXTS) controls[key].value = p[key] ?? '';
    controls.seed.value = p.seed ?? '';
    const filters = settings.filters;
    for (const box of filterBoxes) box.checked = Boolean(filters && (filters.output ?? []).includes(box.value));
    if (filters?.action) action.value = filters.action;
  }

  set({ ...session.defaults, model: session.models[0]?.id });
  return { get, set, element: form };
}
