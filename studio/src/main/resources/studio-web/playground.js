// The playground: a prompt (instruction, few-shot examples, test input), one or two sets of settings, runs that
// stream into result panes, a live token count, presets, a history of runs and "save as App".
import { t, translate, onLanguageChange } from './i18n.js';
import { api, stream } from './api.js';
import { parameterForm } from './parameters.js';
import { resultPane } from './results.js';
import { remember, forget, showHistory } from './history.js';
import { showMessage } from './notice.js';

const $ = id => document.getElementById(id);
const prompt = { instruction: '', examples: [], inputLabel: null, outputLabel: null, separator: null };
let forms = [];
let panes = [];
let running = null; // the AbortController of the runs under way

function exampleItem(example, index) {
  const item = document.createElement('li');
  const input = document.createElement('textarea');
  input.rows = 2;
  input.value = example.input;
  input.dataset.i18nPlaceholder = 'prompt.exampleInput';
  input.className = 'example-input';
  input.addEventListener('input', () => { example.input = input.value; changed(); });
  const output = document.createElement('textarea');
  output.rows = 2;
  output.value = example.output;
  output.dataset.i18nPlaceholder = 'prompt.exampleOutput';
  output.className = 'example-output';
  output.addEventListener('input', () => { example.output = output.value; changed(); });
  const tools = document.createElement('div');
  tools.className = 'example-tools';
  for (const [key, label, move] of [['prompt.up', '↑', -1], ['prompt.down', '↓', 1], ['prompt.remove', '✕', 0]]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'quiet icon';
    button.textContent = label;
    button.dataset.i18nTitle = key;
    button.dataset.action = key.slice(7);
    button.addEventListener('click', () => {
      const [moved] = prompt.examples.splice(index, 1);
      if (move !== 0) prompt.examples.splice(Math.max(0, Math.min(prompt.examples.length, index + move)), 0, moved);
      drawExamples();
      changed();
    });
    tools.append(button);
  }
  item.append(input, output, tools);
  return item;
}

function drawExamples() {
  const list = $('examples');
  list.replaceChildren(...prompt.examples.map(exampleItem));
  if (!prompt.examples.length) {
    const empty = document.createElement('li');
    empty.className = 'hint';
    empty.dataset.i18n = 'prompt.noExamples';
    list.append(empty);
  }
  translate(list);
}

/** The run API's body for settings set i. */
function body(i) {
  const settings = forms[i].get();
  return { model: settings.model, prompt: { ...prompt }, input: $('input').value, parameters: settings.parameters, filters: settings.filters };
}

let countTimer;
let countAsked = 0;
let counted = null; // the last count, drawn again when the language changes

function drawCount() {
  if (counted === null) return;
  $('token-count').textContent = counted.count === null ? t('count.unknown') : t('count.tokens', { n: counted.count });
  $('token-count').dataset.count = counted.count ?? '';
}

/** Re-counts the tokens a moment after the last edit, and shows the assembled prompt. */
function changed() {
  prompt.instruction = $('instruction').value;
  clearTimeout(countTimer);
  countTimer = setTimeout(async () => {
    const asked = ++countAsked;
    try {
      const answer = await api('POST', '/api/tokenize', body(0));
      if (asked !== countAsked) return;
      $('assembled').textContent = answer.text;
      counted = answer;
      drawCount();
    } catch (e) {
      if (asked !== countAsked) return;
      counted = null;
      $('token-count').textContent = e.message;
    }
  }, 250);
}

function drawPanes() {
  const results = $('results');
  results.replaceChildren();
  results.classList.toggle('compare', forms.length > 1);
  panes = forms.map((_, i) => resultPane(results, forms.length > 1 ? `compare.${'ab'[i]}` : null));
}

function setCompare(on, session) {
  const container = $('parameters');
  if (on && forms.length === 1) forms.push(parameterForm(container, 'b', session, changed));
  if (!on && forms.length === 2) forms.pop().element.remove();
  drawPanes();
}

async function runOne(i, controller, record) {
  const pane = panes[i];
  pane.start();
  try {
    await stream('/api/playground/run', record.settings[i].body, event => {
      if (event.type === 'delta') pane.delta(event);
      if (event.type === 'end') pane.end(event);
    }, controller.signal);
  } catch (e) {
    if (controller.signal.aborted) pane.stopped(); else pane.fail(e.message);
  }
  record.outputs[i] = pane.text();
}

async function run() {
  if (running) return;
  const controller = new AbortController();
  running = controller;
  $('run').disabled = true;
  $('stop').disabled = false;
  const record = {
    time: Date.now(), input: $('input').value, prompt: { ...prompt, examples: prompt.examples.map(e => ({ ...e })) },
    settings: forms.map((form, i) => ({ ...form.get(), body: body(i) })), outputs: [],
  };
  await Promise.all(forms.map((_, i) => runOne(i, controller, record)));
  for (const s of record.settings) {
    s.parameters = s.body.parameters;
    delete s.body;
  }
  remember(record);
  showHistory($('history'), load);
  running = null;
  $('run').disabled = false;
  $('stop').disabled = true;
}

function stop() {
  running?.abort();
}

function setPrompt(p, input) {
  Object.assign(prompt, { instruction: '', examples: [], inputLabel: null, outputLabel: null, separator: null }, p);
  prompt.examples = (p.examples ?? []).map(e => ({ input: e.input ?? '', output: e.output ?? '' }));
  $('instruction').value = prompt.instruction;
  $('input').value = input ?? '';
  drawExamples();
  changed();
}

/** Puts a past run back into the editor, with its exact settings and outputs. */
function load(record) {
  setPrompt(record.prompt, record.input);
  $('compare').checked = record.settings.length > 1;
  $('compare').dispatchEvent(new Event('change'));
  record.settings.forEach((s, i) => forms[i].set(s));
  record.outputs.forEach((text, i) => panes[i].show(text));
  changed();
}

function applyPreset(preset) {
  setPrompt(preset.prompt, preset.input);
  for (const form of forms) form.set({ ...form.get(), parameters: preset.parameters });
  changed();
}

/** Hands the prompt, settings A and model to the Apps part, which opens its save form (apps.js listens). */
function saveAsApp() {
  const settings = forms[0].get();
  const event = new CustomEvent('studio:save-app', {
    cancelable: true,
    detail: { spec: { prompt: { ...prompt }, parameters: settings.parameters, model: settings.model, filters: settings.filters }, input: $('input').value },
  });
  if (window.dispatchEvent(event)) showMessage('run.noApps');
}

function shortcuts(event) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  } else if (event.key === 'Escape' && running) {
    event.preventDefault();
    stop();
  }
}

export async function startPlayground(session) {
  forms = [parameterForm($('parameters'), 'a', session, changed)];
  drawPanes();
  $('instruction').addEventListener('input', changed);
  $('input').addEventListener('input', changed);
  $('add-example').addEventListener('click', () => {
    prompt.examples.push({ input: '', output: '' });
    drawExamples();
    changed();
  });
  $('compare').addEventListener('change', () => setCompare($('compare').checked, session));
  $('run').addEventListener('click', run);
  $('stop').addEventListener('click', stop);
  $('save-app').addEventListener('click', saveAsApp);
  $('clear-history').addEventListener('click', () => { forget(); showHistory($('history'), load); });
  document.addEventListener('keydown', shortcuts);
  const presets = await api('GET', '/api/presets');
  const picker = $('preset');
  const titles = () => {
    for (const option of picker.querySelectorAll('option[value]:not([value=""])')) {
      const preset = presets.data.find(p => p.id === option.value);
      option.textContent = preset.title[document.documentElement.lang] ?? preset.title.ko;
    }
  };
  for (const preset of presets.data) {
    const option = document.createElement('option');
    option.value = preset.id;
    picker.append(option);
  }
  titles();
  picker.addEventListener('change', () => {
    const preset = presets.data.find(p => p.id === picker.value);
    if (preset) applyPreset(preset);
  });
  onLanguageChange(() => {
    titles();
    drawExamples();
    panes.forEach(pane => pane.redraw());
    drawCount();
    showHistory($('history'), load);
  });
  drawExamples();
  showHistory($('history'), load);
  changed();
}
