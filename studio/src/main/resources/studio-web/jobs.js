// Watching a background job (an evaluation, a p-tuning run) over its server-sent events.
import { element } from './parameters.js';
import { addMessages, t } from './i18n.js';

addMessages({
  ko: { 'job.queued': '대기 중', 'job.running': '진행 중 · {done} / {total}', 'job.done': '끝남 · {done} / {total}' },
  en: { 'job.queued': 'Queued', 'job.running': 'Running · {done} of {total}', 'job.done': 'Done · {done} of {total}' },
});

/** Calls onState with each state of job id until it ends; resolves to the last state. */
export function watchJob(id, onState) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    let last = null;
    source.onmessage = message => {
      if (message.data === '[DONE]') {
        source.close();
        resolve(last);
        return;
      }
      last = JSON.parse(message.data);
      onState(last);
    };
    source.onerror = () => {
      source.close();
      if (last && (last.status === 'done' || last.status === 'failed')) resolve(last);
      else reject(new Error('the job\'s progress could not be followed'));
    };
  });
}

/** A progress bar and a line of text (in the page's language) for a job's states; update(view.state) redraws the last. */
export function progressView() {
  const bar = element('progress', { max: '1', value: '0' });
  const line = element('span', { class: 'hint' });
  const view = element('div', { class: 'row job', hidden: '' }, [bar, line]); // shown from a job's first state
  view.update = state => {
    view.state = state;
    view.hidden = false;
    bar.max = Math.max(1, state.total);
    bar.value = state.done;
    line.textContent = state.status === 'failed' ? state.error : t(`job.${state.status}`, state);
  };
  return view;
}
