// One run's output as it streams: each piece of text a span coloured by its probability, with the top alternatives on
// hover or focus. Everything the model wrote is set as textContent, never parsed as HTML.
import { t } from './i18n.js';

const tooltip = () => document.getElementById('tooltip');

function percent(logprob) {
  return `${(Math.exp(logprob) * 100).toFixed(1)}%`;
}

/** Shows what a token could have been: the chosen one, then the alternatives, each with its probability. */
function showAlternatives(span, tokens) {
  const box = tooltip();
  box.replaceChildren();
  for (const token of tokens) {
    const chosen = document.createElement('div');
    chosen.className = 'chosen';
    chosen.textContent = `${t('tokens.chosen')}: ${JSON.stringify(token.token)} ${percent(token.logprob)}`;
    const list = document.createElement('ol');
    for (const alternative of token.top) {
      const item = document.createElement('li');
      item.textContent = `${JSON.stringify(alternative.token)} ${percent(alternative.logprob)}`;
      list.append(item);
    }
    box.append(chosen, list);
  }
  const rect = span.getBoundingClientRect();
  box.hidden = false;
  box.style.left = `${Math.max(4, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 4))}px`;
  box.style.top = `${rect.bottom + window.scrollY + 4}px`;
}

function hideAlternatives() {
  tooltip().hidden = true;
}

/**
 * A pane in container titled with the words of titleKey (none when null); returns the calls a run makes on it, and
 * redraw() to write its status again in the current language.
 */
export function resultPane(container, titleKey) {
  const pane = document.createElement('article');
  pane.className = 'result';
  const heading = document.createElement('h3');
  if (titleKey) heading.dataset.i18n = titleKey;
  heading.textContent = titleKey ? t(titleKey) : '';
  const status = document.createElement('p');
  status.className = 'status';
  let said = null; // the status's key and values
  const say = (key, values = {}) => {
    said = key && { key, values };
    status.textContent = key ? t(key, values) : '';
  };
  say('run.empty');
  const output = document.createElement('div');
  output.className = 'tokens';
  output.translate = false; // the model's words
  output.setAttribute('aria-live', 'polite');
  pane.append(heading, output, status);
  container.append(pane);

  return {
    start() {
      output.replaceChildren();
      say('run.running');
      pane.dataset.state = 'running';
    },
    delta(event) {
      const span = document.createElement('span');
      span.className = 'token';
      span.textContent = event.text;
      if (event.tokens.length) {
        const logprob = event.tokens.reduce((sum, token) => sum + token.logprob, 0);
        const p = Math.exp(logprob);
        span.dataset.probability = p.toFixed(4);
        span.style.backgroundColor = `hsl(${Math.round(120 * p)}, 75%, 85%)`;
        span.tabIndex = 0;
        span.addEventListener('mouseenter', () => showAlternatives(span, event.tokens));
        span.addEventListener('focus', () => showAlternatives(span, event.tokens));
        span.addEventListener('mouseleave', hideAlternatives);
        span.addEventListener('blur', hideAlternatives);
      }
      output.append(span);
    },
    end(event) {
      const blocked = event.finishReason === 'content_filter';
      if (blocked) {
        output.replaceChildren();
      } else if (event.text !== output.textContent) {
        output.replaceChildren(event.text); // the filters masked it: the screened text replaces the streamed one
      }
      say(blocked ? 'filters.blocked' : 'run.done', { reason: event.finishReason, prompt: event.promptTokens, completion: event.completionTokens });
      pane.dataset.state = 'done';
    },
    fail(message) {
      say('run.failed', { message });
      pane.dataset.state = 'failed';
    },
    stopped() {
      say('run.stopped');
      pane.dataset.state = 'stopped';
    },
    /** Shows a past run's output, as plain text. */
    show(text) {
      output.replaceChildren(text ?? '');
      say(null);
      pane.dataset.state = 'loaded';
    },
    text: () => output.textContent,
    redraw: () => say(said?.key, said?.values),
  };
}
