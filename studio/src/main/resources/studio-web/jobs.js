// Watching a background job (an evaluation, a p-tuning run) over its server-sent events.
import { element } from './parameters.js';

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

/** A progress bar and a line of text for a job's states. */
export function progressView() {
  const bar = element('progress', { max: '1', value: '0' });
  const line = element('span', { class: 'hint' });
  const view = element('div', { class: 'row job' }, [bar, line]);
  view.update = state => {
    bar.max = Math.max(1, state.total);
    bar.value = state.done;
    line.textContent = state.status === 'failed' ? state.error : state.message;
  };
  return view;
}
