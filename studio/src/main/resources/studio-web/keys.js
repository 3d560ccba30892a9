// The API keys tab: make a key (its secret shown once), list keys with their limits and usage, revoke one.
import { addMessages, t, translate, onLanguageChange, currentLanguage } from './i18n.js';
import { api } from './api.js';
import { element } from './parameters.js';
import { showNotice } from './notice.js';

addMessages({
  ko: {
    'keys.title': 'API 키', 'keys.name': '이름', 'keys.rpm': '분당 요청 한도 (비우면 무제한)', 'keys.create': '키 만들기',
    'keys.secret': '새 키입니다. 지금 복사하세요: 다시 보여 주지 않습니다.', 'keys.prefix': '앞부분', 'keys.created': '만든 때',
    'keys.limit': '한도', 'keys.usage': '사용량', 'keys.revoke': '폐기', 'keys.revoked': '폐기됨', 'keys.none': '키가 없습니다',
    'keys.unlimited': '무제한', 'keys.usageLine': '요청 {requests} · 토큰 {prompt}+{completion}',
  },
  en: {
    'keys.title': 'API keys', 'keys.name': 'Name', 'keys.rpm': 'Requests per minute (empty: no limit)', 'keys.create': 'Make key',
    'keys.secret': 'Your new key. Copy it now: it will not be shown again.', 'keys.prefix': 'Prefix', 'keys.created': 'Made',
    'keys.limit': 'Limit', 'keys.usage': 'Usage', 'keys.revoke': 'Revoke', 'keys.revoked': 'revoked', 'keys.none': 'No keys yet',
    'keys.unlimited': 'no limit', 'keys.usageLine': '{requests} requests · {prompt}+{completion} tokens',
  },
});

const when = seconds => new Date(seconds * 1000).toLocaleString(currentLanguage());

export function startKeys(panel) {
  const name = element('input', { type: 'text', id: 'key-name', maxlength: '200' });
  const rpm = element('input', { type: 'number', id: 'key-rpm', min: '1' });
  const create = element('button', { type: 'button', class: 'primary', id: 'key-create', 'data-i18n': 'keys.create' });
  const secret = element('div', { class: 'secret', id: 'key-secret', hidden: '' });
  const table = element('table', { class: 'grid', id: 'key-list' });
  panel.append(element('div', { class: 'column' }, [
    element('h2', { 'data-i18n': 'keys.title' }),
    element('div', { class: 'row wrap' }, [
      element('label', { for: 'key-name', 'data-i18n': 'keys.name' }), name,
      element('label', { for: 'key-rpm', 'data-i18n': 'keys.rpm' }), rpm, create]),
    secret, table]));
  translate(panel);

  create.addEventListener('click', async () => {
    try {
      const made = await api('POST', '/api/keys', { name: name.value.trim(), requests_per_minute: rpm.value === '' ? null : Number(rpm.value) });
      secret.replaceChildren(element('p', { 'data-i18n': 'keys.secret' }, [t('keys.secret')]), element('code', { id: 'key-secret-value' }, [made.key]));
      secret.hidden = false;
      name.value = '';
      await refresh();
    } catch (e) {
      showNotice(e.message);
    }
  });

  async function refresh() {
    const keys = (await api('GET', '/api/keys')).data;
    const head = element('tr', {}, ['keys.name', 'keys.prefix', 'keys.created', 'keys.limit', 'keys.usage', ''].map(k => element('th', {}, [k ? t(k) : ''])));
    const rows = await Promise.all(keys.map(async key => {
      const usage = await api('GET', `/api/keys/${encodeURIComponent(key.id)}/usage`);
      const revoke = element('button', { type: 'button', class: 'quiet' }, [t('keys.revoke')]);
      revoke.addEventListener('click', async () => {
        try {
          await api('DELETE', `/api/keys/${encodeURIComponent(key.id)}`);
          await refresh();
        } catch (e) {
          showNotice(e.message);
        }
      });
      return element('tr', { 'data-key': key.name }, [
        element('td', {}, [key.name]), element('td', {}, [element('code', {}, [key.prefix + '…'])]), element('td', {}, [when(key.created)]),
        element('td', {}, [key.requests_per_minute === null ? t('keys.unlimited') : `${key.requests_per_minute}/min`]),
        element('td', {}, [t('keys.usageLine', { requests: usage.requests, prompt: usage.prompt_tokens, completion: usage.completion_tokens })]),
        element('td', {}, [key.revoked === null ? revoke : t('keys.revoked')])]);
    }));
    table.replaceChildren(head, ...(rows.length ? rows : [element('tr', {}, [element('td', { colspan: '6', class: 'hint' }, [t('keys.none')])])]));
  }

  onLanguageChange(() => refresh().catch(e => showNotice(e.message)));
  return { refresh };
}
