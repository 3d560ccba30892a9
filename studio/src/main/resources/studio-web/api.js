// Calls to the Studio's /api: JSON in and out, the CSRF header on every call, errors as one readable Error.
let csrfToken = null;

async function ensureToken() {
  if (csrfToken === null) await session();
}

/** GET /api/session (models, presets, defaults); remembers the CSRF token it carries. */
export async function session() {
  const answer = await request('GET', '/api/session');
  csrfToken = answer.csrfToken;
  return answer;
}

/** A JSON call; resolves to the parsed answer, rejects with the server's one-sentence message. */
export async function api(method, path, body) {
  if (method !== 'GET') await ensureToken();
  return request(method, path, body);
}

async function request(method, path, body) {
  const response = await fetch(path, { method, headers: headers(body), body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

function headers(body) {
  const h = { Accept: 'application/json' };
  if (csrfToken) h['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return h;
}

async function failure(response) {
  try {
    const answer = await response.json();
    return new Error(answer.error?.message ?? response.statusText);
  } catch {
    return new Error(`${response.status} ${response.statusText}`);
  }
}

/**
 * POSTs body and reads the answer as server-sent events (EventSource cannot POST): calls onEvent with each data
 * object until [DONE]. An {"error": ...} event rejects. Aborting signal ends the request, which stops the generation.
 */
export async function stream(path, body, onEvent, signal) {
  await ensureToken();
  const response = await fetch(path, { method: 'POST', headers: headers(body), body: JSON.stringify(body), signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).trimStart()).join('\n');
      if (data === '[DONE]') return;
      if (!data) continue;
      const parsed = JSON.parse(data);
      if (parsed.error) throw new Error(parsed.error.message);
      onEvent(parsed);
    }
  }
}
