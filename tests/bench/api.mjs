// What the benchmarks share: a signed-in API client speaking as the app does, and the
// reference numbers a device gives its requests.

const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The reference of the `count`th request made on device `device`. */
export const reference = (device, count) => {
  const body = `${device}${String(count).padStart(4, '0')}`;
  const check = [...body].reduce((i, d) => DAMM[i][Number(d)], 0);
  return `${device}-${String(count).padStart(4, '0')}-${check}`;
};

/** A signed-in API client speaking as the app does, on a device of its own. */
export async function client(url, username, password) {
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-brs-request': '1' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username}: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'x-brs-request': '1' },
      body: body && JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const deviceId = crypto.randomUUID();
  const { number } = await call('POST', '/api/device', { device_id: deviceId });
  return { cookie, deviceId, number, call };
}

/** Every case the client sees, page by page. */
export async function pullAll(api) {
  const cases = [];
  for (let cursor = 0; ;) {
    const page = await api.call('GET', `/api/sync/pull?cursor=${cursor}&limit=1000`);
    cases.push(...page.changes);
    cursor = page.cursor;
    if (!page.has_more) return cases;
  }
}
