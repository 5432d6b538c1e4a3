// cartwatch dashboard: one script for every page, no build step and no framework.
// Safety of the page itself: data from the server is only ever inserted as text (textContent);
// the one piece of markup taken from the server is the timeline SVG, parsed as XML from our own
// origin. The Content-Security-Policy forbids inline scripts and styles, so everything is wired
// here with addEventListener and styled by class.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  const ROLES = ['viewer', 'nurse', 'physician', 'admin'];

  // ---------------------------------------------------------------- DOM and text helpers

  // el('td', {class: 'x'}, 'text', childNode): strings become text nodes, never markup.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function fill(node, ...children) {
    node.replaceChildren();
    for (const child of children.flat()) {
      if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
    }
  }

  const pad = (n) => String(n).padStart(2, '0');

  // Times are shown in the browser's local time, to the minute, in one unambiguous shape.
  function fmtTime(iso) {
    if (!iso) return 'not recorded';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  // <input type="datetime-local"> holds local time without a zone; the API wants RFC 3339 with
  // seconds and an offset, so it is sent in UTC ("Z").
  function toRfc3339(localValue) {
    if (!localValue) return null;
    const d = new Date(localValue);
    if (Number.isNaN(d.getTime())) return null;
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  function localInputValue(date) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; plain http on a ward host name is not one.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // One Idempotency-Key per submission: a retry of the same body (after a timeout or a lost
  // answer) reuses it so the server stores the record once; a changed body is a new submission.
  function submission() {
    let last = null;
    return {
      key(body) {
        const text = JSON.stringify(body);
        if (!last || last.text !== text) last = { text, key: uuid() };
        return last.key;
      },
      done() { last = null; },
    };
  }

  // ---------------------------------------------------------------- the API

  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      super((body && body.message) || `The server answered ${status}.`);
      this.status = status;
      this.body = body || {};
      this.retryAfter = retryAfter;
    }
  }

  let sessionPromise = null;
  function session() {
    if (!sessionPromise) {
      sessionPromise = api('GET', '/api/session');
      sessionPromise.catch(() => { sessionPromise = null; });
    }
    return sessionPromise;
  }

  function goToLogin() {
    location.assign(`/login?next=${enc(location.pathname + location.search)}`);
  }

  // api(method, path, body, {headers, raw, accept, login}) -> parsed JSON (or text with raw).
  async function api(method, path, body, options = {}) {
    const write = method !== 'GET' && method !== 'HEAD';
    const headers = { Accept: options.accept || 'application/json' };
    if (write) headers['Content-Type'] = 'application/json';
    if (write && !options.login) headers['X-CSRF-Token'] = (await session()).csrf_token;
    Object.assign(headers, options.headers);
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    if (!options.raw || !response.ok) {
      try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    }
    if (response.status === 401 && !options.login) {
      goToLogin();
      throw new ApiError(401, data);
    }
    if (response.status === 403 && data && data.field === 'X-CSRF-Token' && !options.retried) {
      // The session was renewed elsewhere (another tab signed in again): fetch the new token once.
      sessionPromise = null;
      return api(method, path, body, { ...options, retried: true });
    }
    if (!response.ok) throw new ApiError(response.status, data, response.headers.get('Retry-After'));
    return options.raw ? text : data;
  }

  // One line per problem, naming the field, from an error body (or a batch of them).
  function describeError(err) {
    if (!(err instanceof ApiError)) return `The server could not be reached (${err.message}).`;
    const list = Array.isArray(err.body.errors) && err.body.errors.length ? err.body.errors : [err.body];
    return list.map((e) => {
      const field = e.field ? `${e.field}: ` : '';
      const code = e.error ? ` [${e.error}]` : '';
      return `${field}${e.message || err.message}${code}`;
    }).join('\n');
  }

  function showError(node, err) {
    node.textContent = typeof err === 'string' ? err : describeError(err);
  }

  const roleAtLeast = (role, needed) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

  // ---------------------------------------------------------------- shared pieces

  async function siteHeader() {
    const out = $('sign-out');
    if (out) {
      out.addEventListener('click', async () => {
        try { await api('DELETE', '/api/session'); } catch { /* signed out either way */ }
        location.assign('/login');
      });
    }
    const s = await session();
    if ($('who-name')) $('who-name').textContent = `Signed in as ${s.user} (${s.role})`;
    return s;
  }

  // A grade as text first ("CRS 2", "CRS ≥1"); the class adds colour, border and pattern.
  function gradeBadge(syndrome, cell) {
    const grade = cell ? cell.grade : null;
    if (grade == null) {
      return el('span', { class: 'grade grade-none', role: 'img', 'aria-label': `${syndrome}: not assessed`, 'data-grade': '' },
        `${syndrome} –`, el('span', { class: 'lower-bound' }, 'not assessed'));
    }
    const lower = !!cell.lower_bound;
    const label = lower
      ? `${syndrome} grade at least ${grade}; lower bound: data missing`
      : `${syndrome} grade ${grade}`;
    return el('span', { class: `grade grade-${grade}`, role: 'img', 'aria-label': label, 'data-grade': grade, 'data-lower-bound': lower },
      `${syndrome} ${lower ? '≥' : ''}${grade}`,
      lower && el('span', { class: 'lower-bound' }, 'lower bound: data missing'));
  }

  const unconfirmedTag = (flag) => flag && el('span', { class: 'unconfirmed', title: 'not yet checked against the full source text' }, 'UNCONFIRMED');
  const ruleTag = (rule, source) => rule && el('span', { class: 'rule' }, ` [${rule}${source ? `, ${source}` : ''}]`);

  function actionHeadline(a) {
    if (a.kind !== 'drug') return `${a.kind}: ${a.text}`;
    // As the text format words it: a protocol without a dose is not a failure to compute one.
    if (a.dose_mg == null && /^no dose in the protocol/.test(a.dose_basis || '')) return `${a.drug}, dose as the text says, ${a.when}`;
    const dose = a.dose_mg != null ? ` ${a.dose_mg} mg` : ': NO DOSE COMPUTED';
    return `${a.drug}${dose}${a.route ? ` ${a.route}` : ''}, ${a.when}`;
  }

  // cartwatch.recommendation/1 (docs/recommendation-output.md); grading is optional and gives
  // per-syndrome lower bounds when present.
  function renderRecommendation(rec, grading) {
    if (!rec) return el('p', {}, 'No recommendation.');
    const box = el('div', { class: 'recommendation' });
    const p = rec.protocol || {};
    box.append(el('p', { class: 'hint' }, `Protocol ${p.id || '?'} version ${p.version || '?'}${p.title ? `: ${p.title}` : ''}`));
    const crs = grading ? grading.crs : { grade: rec.crs_grade, lower_bound: rec.grades_are_lower_bounds };
    const icans = grading ? grading.icans : { grade: rec.icans_grade, lower_bound: rec.grades_are_lower_bounds };
    box.append(el('p', { class: 'grades' }, gradeBadge('CRS', crs), ' ', gradeBadge('ICANS', icans)));

    for (const e of rec.escalations || []) {
      box.append(el('p', {}, el('strong', {}, `Escalation: ${e.syndrome.toUpperCase()} grade ${e.grade} managed as grade ${e.manage_as}: `),
        e.text, ruleTag(e.rule, e.source), unconfirmedTag(e.unconfirmed)));
    }

    const actions = rec.actions || [];
    box.append(el('h3', {}, 'Actions'));
    if (!actions.length) box.append(el('p', {}, 'The protocol gives no action for these grades.'));
    else {
      box.append(el('ol', { class: 'actions' }, actions.map((a) => el('li', {},
        el('strong', {}, actionHeadline(a)), ruleTag(a.rule, a.source), unconfirmedTag(a.unconfirmed),
        a.kind === 'drug' && a.dose_basis && el('div', {}, `dose: ${a.dose_basis}${a.frequency ? `; ${a.frequency}` : ''}`),
        a.kind === 'drug' && el('div', {}, a.text),
        (a.alternatives || []).length > 0 && el('div', {}, `or instead: ${a.alternatives.map((x) => x.drug).join(', ')} (dose in the text)`),
        (a.conditions || []).length > 0 && el('div', { class: 'hint' }, `because: ${a.conditions.join('; ')}`)))));
    }

    if ((rec.withheld || []).length) {
      box.append(el('h3', {}, 'Withheld'));
      box.append(el('ul', { class: 'withheld' }, rec.withheld.map((w) => el('li', {},
        `${w.drug} withheld: ${w.reason}`, ruleTag(w.rule, w.source), unconfirmedTag(w.unconfirmed),
        w.safety_rule && el('span', { class: 'rule' }, ` safety rule: ${w.safety_rule}`)))));
    }
    if ((rec.needs || []).length) {
      box.append(el('p', {}, el('strong', {}, 'Needs: '), rec.needs.join(', ')));
    }
    box.append(el('p', { class: 'decision-support' }, rec.decision_support || 'A clinician decides.'));
    return box;
  }

  function missingLine(grading) {
    if (!grading) return null;
    const parts = [];
    for (const [name, g] of [['CRS', grading.crs], ['ICANS', grading.icans]]) {
      if (g && g.lower_bound) parts.push(`${name} could be up to grade ${g.max_possible_grade} with: ${(g.missing || []).join(', ')}`);
    }
    return parts.length ? el('p', {}, el('strong', {}, 'Not recorded: '), parts.join('. ')) : null;
  }

  const patientIdFromPath = () => decodeURIComponent(location.pathname.split('/')[2] || '');

  // ---------------------------------------------------------------- login

  async function initLogin() {
    const form = $('login-form');
    const next = new URLSearchParams(location.search).get('next');
    // Only a local path: "//host" or "/\host" would leave the site.
    const target = next && /^\/(?![/\\])/.test(next) ? next : '/';
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      $('login-submit').disabled = true;
      try {
        await api('POST', '/api/session', { user: $('login-user').value, password: $('login-password').value }, { login: true });
        location.assign(target);
      } catch (err) {
        let text = describeError(err);
        if (err.status === 429 && err.retryAfter) text += ` Try again in ${err.retryAfter} seconds.`;
        showError($('login-error'), text);
        $('login-submit').disabled = false;
      }
    });
  }

  // ---------------------------------------------------------------- ward board

  const ward = { rows: [], key: 'due', dir: 1 };

  // Sort values; null sorts last whatever the direction.
  const SORT = {
    id: (r) => r.patient.id,
    product: (r) => r.patient.product,
    day: (r) => r.patient.day,
    crs: (r) => (r.crs ? r.crs.grade : null),
    icans: (r) => (r.icans ? r.icans.grade : null),
    next: (r) => (r.next_action ? r.next_action.text : null),
    due: (r) => {
      const times = (r.due || []).map((d) => d.at).filter(Boolean).sort();
      return `${r.overdue ? 0 : 1}${times[0] || '~'}`;
    },
  };

  function sortedRows() {
    const get = SORT[ward.key];
    return [...ward.rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      if (x == null || y == null) return (x == null) - (y == null);
      return (x < y ? -1 : x > y ? 1 : 0) * ward.dir;
    });
  }

  function renderWard() {
    for (const th of document.querySelectorAll('#ward-table th[data-key]')) {
      th.setAttribute('aria-sort', th.dataset.key === ward.key ? (ward.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
    const rows = sortedRows().map((r) => {
      const p = r.patient;
      const next = r.next_action;
      return el('tr', { class: r.overdue ? 'overdue' : null, 'data-patient': p.id },
        el('td', {}, r.overdue && el('span', { class: 'overdue-tag' }, 'OVERDUE'),
          el('a', { href: `/patients/${enc(p.id)}` }, p.id)),
        el('td', {}, p.product || 'not known'),
        el('td', {}, p.day == null ? 'no day 0' : `day ${p.day}`),
        el('td', { class: 'crs' }, gradeBadge('CRS', r.crs)),
        el('td', { class: 'icans' }, gradeBadge('ICANS', r.icans)),
        el('td', {}, next ? [next.text, ruleTag(next.rule), next.when && el('div', {}, next.when)] : 'none'),
        el('td', {}, (r.due || []).length === 0 ? 'nothing due' : el('ul', { class: 'due-list' }, r.due.map((d) =>
          el('li', { class: d.overdue ? 'overdue' : null },
            d.overdue && el('span', { class: 'overdue-tag' }, 'OVERDUE'), `${d.what}: ${fmtTime(d.at)}`)))));
    });
    fill($('ward-rows'), rows);
    $('ward-empty').hidden = rows.length > 0;
  }

  async function refreshWard() {
    try {
      const data = await api('GET', '/api/ward');
      ward.rows = data.patients || [];
      const p = data.protocol || {};
      $('ward-protocol').textContent = p.id ? `Protocol ${p.id} ${p.version || ''}.` : '';
      const now = new Date();
      $('ward-updated').textContent = `updated ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
      $('ward-error').textContent = '';
      renderWard();
    } catch (err) {
      showError($('ward-error'), `The ward board could not be refreshed: ${describeError(err)}`);
    }
  }

  // Empty fields are left out of the body: the store keeps them as not known.
  function numberOrNull(input) {
    return input.value === '' ? null : Number(input.value);
  }

  async function initWard() {
    const s = await siteHeader();
    for (const th of document.querySelectorAll('#ward-table th[data-key]')) {
      th.querySelector('button').addEventListener('click', () => {
        ward.dir = ward.key === th.dataset.key ? -ward.dir : 1;
        ward.key = th.dataset.key;
        renderWard();
      });
    }
    const toggle = $('add-toggle');
    const form = $('add-form');
    if (!roleAtLeast(s.role, 'nurse')) {
      toggle.disabled = true;
      toggle.textContent = 'Add patient (needs the nurse role)';
    }
    toggle.addEventListener('click', () => {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) $('add-id').focus();
    });
    const sub = submission();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('add-error').textContent = '';
      const body = { id: $('add-id').value.trim() };
      if (!body.id) return showError($('add-error'), 'Patient id: enter an id.');
      const age = numberOrNull($('add-age'));
      const weight = numberOrNull($('add-weight'));
      if (age != null) body.age_years = age;
      if (weight != null) body.weight_kg = weight;
      if ($('add-product').value) body.product = $('add-product').value;
      const infusion = toRfc3339($('add-infusion').value);
      if (infusion) body.infusion = infusion;
      try {
        const created = await api('POST', '/api/patients', body, { headers: { 'Idempotency-Key': sub.key(body) } });
        sub.done();
        form.reset();
        const id = (created && created.id) || body.id;
        fill($('add-done'), `Patient ${id} added. `, el('a', { href: `/patients/${enc(id)}` }, `Open ${id}`));
        await refreshWard();
      } catch (err) {
        showError($('add-error'), err);
      }
    });
    await refreshWard();
    setInterval(refreshWard, 30000);
  }

  // ---------------------------------------------------------------- patient page

  function findingsText(a) {
    if (!a) return '';
    const parts = [];
    if (a.temperature) parts.push(`${a.temperature.value} ${a.temperature.unit === 'Cel' ? '°C' : '°F'}`);
    if (a.fever_masked === true) parts.push('fever masked');
    if (a.fever_other_cause === true) parts.push('fever has another cause');
    if (a.hypotension != null) parts.push(a.hypotension ? 'hypotension' : 'no hypotension');
    if (Array.isArray(a.vasopressors)) parts.push(a.vasopressors.length ? a.vasopressors.join(' + ') : 'no vasopressors');
    if (a.oxygen) parts.push(`${a.oxygen.device.replaceAll('_', ' ')}${a.oxygen.flow_l_min != null ? ` ${a.oxygen.flow_l_min} L/min` : ''}`);
    const n = a.neuro || {};
    if (n.ice) parts.push(`ICE items ${Object.entries(n.ice).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (n.ice_total != null) parts.push(`ICE ${n.ice_total}`);
    if (n.capd != null) parts.push(`CAPD ${n.capd}`);
    for (const key of ['consciousness', 'seizure', 'motor']) if (n[key]) parts.push(`${key} ${n[key].replaceAll('_', ' ')}`);
    if (Array.isArray(n.icp)) parts.push(n.icp.length ? `ICP signs: ${n.icp.join(', ')}` : 'no ICP signs');
    return parts.join('; ') || 'no finding recorded';
  }

  // Published figures come in a shape the page does not need to know: rendered as nested
  // key/value lists; {low, high, approximate, unconfirmed} reads as one figure.
  function renderGeneric(value) {
    if (value == null) return el('span', { class: 'hint' }, 'none published');
    if (Array.isArray(value)) return el('ul', {}, value.map((v) => el('li', {}, renderGeneric(v))));
    if (typeof value === 'object') {
      if ('low' in value && 'high' in value) {
        const range = value.high !== value.low ? `${value.low}–${value.high}` : `${value.low}`;
        return el('span', {}, `${value.approximate ? '~' : ''}${range}`, unconfirmedTag(value.unconfirmed));
      }
      return el('dl', { class: 'facts' }, Object.entries(value).flatMap(([k, v]) =>
        [el('dt', {}, k.replaceAll('_', ' ')), el('dd', {}, renderGeneric(v))]));
    }
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return String(value);
  }

  function renderAssessments(records) {
    const byId = new Map(records.map((r) => [r.id, r]));
    const rows = [...records].sort((a, b) => a.id - b.id).map((r) => {
      const g = r.grading || {};
      const superseded = r.superseded_by != null;
      const findings = superseded ? el('del', {}, findingsText(r.assessment)) : findingsText(r.assessment);
      const by = superseded ? byId.get(r.superseded_by) : null;
      return el('tr', { class: superseded ? 'superseded' : null },
        el('td', {}, `#${r.id}`),
        el('td', {}, fmtTime(r.time)),
        el('td', {}, el('span', { class: 'findings' }, findings),
          superseded && el('div', { class: 'correction-note' },
            `corrected by #${r.superseded_by}: ${(by && by.correction_reason) || 'reason not shown'}`),
          r.supersedes != null && el('div', { class: 'correction-note' }, `corrects #${r.supersedes}: ${r.correction_reason || ''}`)),
        el('td', {}, gradeBadge('CRS', g.crs)),
        el('td', {}, gradeBadge('ICANS', g.icans)),
        el('td', {}, `${r.recorded_by || ''} ${fmtTime(r.recorded_at)}`));
    });
    fill($('assessments'), rows.length ? rows : el('tr', {}, el('td', { colspan: 6 }, 'No assessment recorded.')));
  }

  function hoursLine(name, hours, unobserved) {
    if (!Array.isArray(hours)) return null;
    const parts = hours.map((h, g) => (h > 0 ? `grade ${g}: ${h.toFixed(1)} h` : null)).filter(Boolean);
    if (unobserved) parts.push(`unobserved: ${Number(unobserved).toFixed(1)} h`);
    return el('p', {}, el('strong', {}, `Time in ${name} grade: `), parts.join('; ') || 'none');
  }

  function episodeList(name, episodes) {
    if (!episodes || !episodes.length) return el('p', {}, `${name} episodes: none`);
    return el('div', {}, el('h3', {}, `${name} episodes`), el('ul', {}, episodes.map((e, i) => el('li', {},
      `Episode ${i + 1}: onset ${fmtTime(e.onset)}${e.onset_day != null ? ` (day ${e.onset_day})` : ''}; peak grade ${e.peak_lower_bound ? '≥' : ''}${e.peak_grade} at ${fmtTime(e.peak_time)}; `,
      e.ongoing ? 'ongoing' : `resolved ${fmtTime(e.resolution)}${e.duration_hours != null ? ` after ${Number(e.duration_hours).toFixed(1)} h` : ''}`))));
  }

  async function loadTimeline(id) {
    const base = `/api/patients/${enc(id)}/timeline`;
    try {
      const text = await api('GET', `${base}?format=svg`, undefined, { raw: true, accept: 'image/svg+xml' });
      // Parsed as XML (handles the <?xml?> prolog) and imported: no HTML parsing of server text.
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      if (doc.documentElement.nodeName !== 'svg' || doc.querySelector('parsererror')) throw new Error('the chart could not be read');
      fill($('timeline'), document.importNode(doc.documentElement, true));
    } catch (err) {
      fill($('timeline'), el('p', { class: 'message error' }, `Timeline chart: ${describeError(err)}`));
    }
    try {
      const t = await api('GET', `${base}?format=json`);
      const s = t.summary || {};
      const hig = s.hours_in_grade || {};
      const toci = s.tocilizumab || [];
      fill($('timeline-summary'),
        episodeList('CRS', s.crs_episodes), episodeList('ICANS', s.icans_episodes),
        hoursLine('CRS', hig.crs, hig.crs_unobserved), hoursLine('ICANS', hig.icans, hig.icans_unobserved),
        el('h3', {}, 'Tocilizumab responses'),
        toci.length ? el('ul', {}, toci.map((d, i) => el('li', {},
          `Dose ${i + 1}: ${fmtTime(d.time)}${d.dose_mg != null ? `, ${d.dose_mg} mg` : ''}, at CRS grade ${d.crs_grade_at_dose ?? 'not known'}: `,
          el('strong', {}, String(d.response).replaceAll('_', ' ')),
          d.response_time ? ` (${fmtTime(d.response_time)})` : ''))) : el('p', {}, 'No tocilizumab given.'));
    } catch (err) {
      fill($('timeline-summary'), el('p', { class: 'message error' }, `Timeline summary: ${describeError(err)}`));
    }
  }

  async function initPatient() {
    const id = patientIdFromPath();
    const s = await siteHeader();
    $('patient-id').textContent = id;
    document.title = `Patient ${id} — cartwatch`;
    $('link-assess').href = `/patients/${enc(id)}/assess`;
    $('link-family').href = `/patients/${enc(id)}/family`;
    for (const f of document.querySelectorAll('.nurse-only')) f.hidden = !roleAtLeast(s.role, 'nurse');
    $('treatment-time').value = localInputValue(new Date());

    async function load() {
      let data;
      try {
        data = await api('GET', `/api/patients/${enc(id)}`);
      } catch (err) {
        return showError($('patient-error'), err);
      }
      const p = data.patient;
      const fact = (k, v) => [el('dt', {}, k), el('dd', {}, v)];
      fill($('facts'),
        fact('Age', p.age_years == null ? 'not recorded' : `${p.age_years} years`),
        fact('Weight', p.weight_kg == null ? 'not recorded' : `${p.weight_kg} kg`),
        fact('Product', p.product || 'not recorded'),
        fact('Day 0 (infusion)', p.infusion ? fmtTime(p.infusion) : 'not recorded'),
        fact('Day now', p.day == null ? 'no day 0' : `day ${p.day}`));
      const cur = data.current;
      fill($('current'), cur && cur.recommendation
        ? [renderRecommendation(cur.recommendation, cur.grading), missingLine(cur.grading)]
        : el('p', {}, 'No assessment in force yet.'));
      const tr = data.treatments || [];
      fill($('treatments'), tr.length ? tr.map((t) => el('tr', {},
        el('td', {}, fmtTime(t.time)), el('td', {}, t.drug),
        el('td', {}, t.dose_mg == null ? 'not recorded' : `${t.dose_mg} mg`), el('td', {}, t.recorded_by || '')))
        : el('tr', {}, el('td', { colspan: 4 }, 'No drug recorded.')));
      renderAssessments(data.assessments || []);
      $('figures-section').hidden = data.product_figures == null;
      if (data.product_figures != null) fill($('figures'), renderGeneric(data.product_figures));
      await loadTimeline(id);
    }

    // The three small forms share one shape: build a body, write, reload the page's data.
    function wire(formId, errorId, method, path, build) {
      const sub = submission();
      $(formId).addEventListener('submit', async (ev) => {
        ev.preventDefault();
        $(errorId).textContent = '';
        const body = build();
        if (typeof body === 'string') return showError($(errorId), body);
        try {
          await api(method, path, body, { headers: { 'Idempotency-Key': sub.key(body) } });
          sub.done();
          await load();
        } catch (err) {
          showError($(errorId), err);
        }
      });
    }
    const base = `/api/patients/${enc(id)}`;
    wire('infusion-form', 'facts-error', 'PUT', `${base}/infusion`, () =>
      toRfc3339($('infusion-input').value) ? { infusion: toRfc3339($('infusion-input').value) } : 'Day 0: enter a date and time.');
    wire('weight-form', 'facts-error', 'PUT', `${base}/weight`, () =>
      ($('weight-input').value === '' ? 'Weight: enter the weight in kg.' : { weight_kg: Number($('weight-input').value) }));
    wire('treatment-form', 'treatment-error', 'POST', `${base}/treatments`, () => {
      const time = toRfc3339($('treatment-time').value);
      if (!time) return 'Time given: enter a date and time.';
      const body = { time, drug: $('treatment-drug').value };
      if ($('treatment-dose').value !== '') body.dose_mg = Number($('treatment-dose').value);
      return body;
    });
    await load();
  }

  // ---------------------------------------------------------------- assessment form

  const CHECKED = {
    // input id -> [limit from /api/limits, whole numbers only, minimum excluded]
    'f-temp': [(l, unit) => temperatureLimit(l, unit), false, false],
    'f-o2-flow': [(l) => l.oxygen_flow_l_min, false, true],
    'f-ice-orientation': [(l) => iceItem(l, 'orientation'), true, false],
    'f-ice-naming': [(l) => iceItem(l, 'naming'), true, false],
    'f-ice-commands': [(l) => iceItem(l, 'commands'), true, false],
    'f-ice-writing': [(l) => iceItem(l, 'writing'), true, false],
    'f-ice-attention': [(l) => iceItem(l, 'attention'), true, false],
    'f-ice-total': [(l) => ({ min: 0, max: l.ice_total_max }), true, false],
    'f-capd': [(l) => ({ min: 0, max: l.capd_total_max }), true, false],
  };

  // Server error fields -> the input to mark.
  const FIELD_INPUT = {
    time: 'f-time', temperature: 'f-temp', 'temperature.value': 'f-temp', 'temperature.unit': 'f-temp-unit',
    hypotension: 'f-hypotension', fever_masked: 'f-fever-masked', 'oxygen.device': 'f-o2-device',
    'oxygen.flow_l_min': 'f-o2-flow', 'oxygen.reason': 'f-o2-reason', 'neuro.ice_total': 'f-ice-total',
    'neuro.capd': 'f-capd', 'neuro.consciousness': 'f-consciousness', 'neuro.seizure': 'f-seizure',
    'neuro.motor': 'f-motor', 'neuro.ice.orientation': 'f-ice-orientation', 'neuro.ice.naming': 'f-ice-naming',
    'neuro.ice.commands': 'f-ice-commands', 'neuro.ice.writing': 'f-ice-writing', 'neuro.ice.attention': 'f-ice-attention',
  };

  function temperatureLimit(limits, unit) {
    const c = limits.temperature_c;
    if (unit !== '[degF]') return { min: c.min, max: c.max, unit: '°C' };
    const f = (x) => Math.round((x * 9 / 5 + 32) * 100) / 100;
    return { min: f(c.min), max: f(c.max), unit: '°F' };
  }

  function iceItem(limits, item) {
    const v = limits.ice_items && limits.ice_items[item];
    return typeof v === 'number' ? { min: 0, max: v } : v;
  }

  async function initAssess() {
    const id = patientIdFromPath();
    const s = await siteHeader();
    $('patient-id').textContent = id;
    $('back-link').href = `/patients/${enc(id)}`;
    let patient;
    let limits;
    try {
      [patient, limits] = await Promise.all([api('GET', `/api/patients/${enc(id)}`), api('GET', '/api/limits')]);
    } catch (err) {
      return showError($('form-error'), err);
    }
    const age = patient.patient.age_years;
    const canSave = roleAtLeast(s.role, 'nurse');
    const save = $('save');
    if (!canSave) {
      save.disabled = true;
      save.textContent = 'Saving needs the nurse role';
    }
    $('f-time').value = localInputValue(new Date());

    const capdTool = () => $('f-dev-delay').checked || (age != null && age < (limits.capd_under_age_years ?? 12));
    function chooseTool() {
      const capd = capdTool();
      $('capd-box').hidden = !capd;
      $('ice-items').hidden = capd;
      $('tool-hint').textContent = age == null
        ? 'Age not recorded: ICE or CAPD cannot be read (the tool depends on age). Record the age on the patient page.'
        : `Age ${age} years: ${capd ? 'CAPD (under 12 or developmental delay)' : 'ICE (12 and over)'}.`;
    }

    function applyLimits() {
      for (const [inputId, [limit]] of Object.entries(CHECKED)) {
        const l = limit(limits, $('f-temp-unit').value);
        if (!l) continue;
        $(inputId).min = l.min;
        $(inputId).max = l.max;
      }
    }

    // The refusal is also written beside the field, where the eye and the screen reader are.
    function fieldNote(input, text) {
      let note = $(`${input.id}-note`);
      if (!note) {
        note = el('span', { class: 'field-error', id: `${input.id}-note` });
        input.after(note);
        input.setAttribute('aria-describedby', note.id);
      }
      note.textContent = text || '';
    }

    // Refuse what the core would refuse, naming the field, before anything is sent.
    function checkInputs() {
      const problems = [];
      for (const [inputId, [limit, integer, exclusiveMin]] of Object.entries(CHECKED)) {
        const input = $(inputId);
        if (input.closest('[hidden]')) { input.removeAttribute('aria-invalid'); continue; }
        const name = input.dataset.name;
        const l = limit(limits, $('f-temp-unit').value) || {};
        const unit = l.unit || (inputId === 'f-o2-flow' ? 'L/min' : '');
        let problem = null;
        if (input.validity.badInput) problem = `${name}: not a number.`;
        else if (input.value !== '') {
          const v = Number(input.value);
          if (integer && !Number.isInteger(v)) problem = `${name}: a whole number is needed, got ${v}.`;
          else if ((exclusiveMin ? v <= l.min : v < l.min) || v > l.max) {
            problem = `${name} ${v}${unit ? ` ${unit}` : ''} is impossible: accepted ${exclusiveMin ? 'above' : 'from'} ${l.min} to ${l.max}${unit ? ` ${unit}. Check the value and the unit.` : '.'}`;
          }
        }
        input.setAttribute('aria-invalid', problem ? 'true' : 'false');
        fieldNote(input, problem);
        if (problem) problems.push(problem);
      }
      if ($('f-o2-flow').value !== '' && !$('f-o2-device').value) problems.push('Oxygen flow: choose the oxygen support it is given with.');
      if (!toRfc3339($('f-time').value)) problems.push('Time of the assessment: enter a date and time.');
      return problems;
    }

    const checkedValues = (selector) => [...document.querySelectorAll(selector)].filter((c) => c.checked).map((c) => c.value);
    const triState = (select) => (select.value === '' ? undefined : select.value === 'true');

    // Only what was entered goes into the record: an empty field is "not recorded", never 0 or false.
    function build() {
      const a = { patient_id: id, time: toRfc3339($('f-time').value) };
      if (age != null) a.age_years = age;
      if ($('f-temp').value !== '') a.temperature = { value: Number($('f-temp').value), unit: $('f-temp-unit').value };
      const masked = triState($('f-fever-masked'));
      if (masked !== undefined) a.fever_masked = masked;
      if ($('f-fever-other').checked) a.fever_other_cause = true;
      const hypo = triState($('f-hypotension'));
      if (hypo !== undefined) a.hypotension = hypo;
      const agents = checkedValues('.vp');
      if (agents.length) a.vasopressors = agents;
      else if ($('vp-none').checked) a.vasopressors = [];
      if ($('f-o2-device').value) {
        a.oxygen = { device: $('f-o2-device').value };
        if ($('f-o2-flow').value !== '') a.oxygen.flow_l_min = Number($('f-o2-flow').value);
        if ($('f-o2-reason').value) a.oxygen.reason = $('f-o2-reason').value;
      }
      const neuro = {};
      if (capdTool()) {
        if ($('f-capd').value !== '') neuro.capd = Number($('f-capd').value);
      } else {
        const ice = {};
        for (const input of document.querySelectorAll('#ice-items [data-item]')) {
          if (input.value !== '') ice[input.dataset.item] = Number(input.value);
        }
        if (Object.keys(ice).length) neuro.ice = ice;
        if ($('f-ice-total').value !== '') neuro.ice_total = Number($('f-ice-total').value);
      }
      if ($('f-dev-delay').checked) neuro.developmental_delay = true;
      for (const [key, inputId] of [['consciousness', 'f-consciousness'], ['seizure', 'f-seizure'], ['motor', 'f-motor']]) {
        if ($(inputId).value) neuro[key] = $(inputId).value;
      }
      const icp = checkedValues('.icp');
      if (icp.length) neuro.icp = icp;
      else if ($('icp-none').checked) neuro.icp = [];
      if (Object.keys(neuro).length) a.neuro = neuro;
      return a;
    }

    function markServerField(err) {
      const field = err && err.body && err.body.field;
      const inputId = field && (FIELD_INPUT[field] || FIELD_INPUT[field.replace(/\[\d+\]$/, '')]);
      if (inputId && $(inputId)) $(inputId).setAttribute('aria-invalid', 'true');
    }

    let seq = 0;
    let timer = null;
    async function preview() {
      const mine = ++seq;
      const problems = checkInputs();
      $('form-error').textContent = problems.join('\n');
      if (problems.length) {
        fill($('preview-grades'), el('p', {}, 'No preview while the form holds an impossible value.'));
        fill($('preview-missing'));
        fill($('preview-rec'));
        return;
      }
      try {
        const r = await api('POST', '/api/preview', build());
        if (mine !== seq) return; // a newer edit is already on its way
        fill($('preview-grades'), gradeBadge('CRS', r.grading && r.grading.crs), gradeBadge('ICANS', r.grading && r.grading.icans));
        fill($('preview-missing'), missingLine(r.grading));
        fill($('preview-rec'), renderRecommendation(r.recommendation, r.grading));
      } catch (err) {
        if (mine !== seq) return;
        showError($('form-error'), err);
        markServerField(err);
      }
    }
    const schedule = () => { clearTimeout(timer); timer = setTimeout(preview, 300); };

    // "none" and the named items exclude each other, so the record cannot say both.
    function exclusive(noneId, itemClass) {
      $(noneId).addEventListener('change', () => {
        if ($(noneId).checked) for (const c of document.querySelectorAll(itemClass)) c.checked = false;
      });
      for (const c of document.querySelectorAll(itemClass)) {
        c.addEventListener('change', () => { if (c.checked) $(noneId).checked = false; });
      }
    }
    exclusive('vp-none', '.vp');
    exclusive('icp-none', '.icp');

    const form = $('assess-form');
    $('f-temp-unit').addEventListener('change', applyLimits);
    $('f-dev-delay').addEventListener('change', chooseTool);
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);

    const sub = submission();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!canSave) return;
      clearTimeout(timer);
      const problems = checkInputs();
      if (problems.length) {
        $('form-error').textContent = problems.join('\n');
        return;
      }
      const body = build();
      save.disabled = true;
      $('form-error').textContent = '';
      try {
        const r = await api('POST', `/api/patients/${enc(id)}/assessments`, body, { headers: { 'Idempotency-Key': sub.key(body) } });
        sub.done();
        fill($('saved'), el('div', { class: 'message ok' },
          el('h2', {}, `Saved as assessment #${r.record ? r.record.id : '?'}`),
          el('p', { class: 'grades' }, gradeBadge('CRS', r.grading && r.grading.crs), ' ', gradeBadge('ICANS', r.grading && r.grading.icans)),
          renderRecommendation(r.recommendation, r.grading),
          el('p', {}, el('a', { href: `/patients/${enc(id)}`, id: 'saved-back' }, `Back to patient ${id}`))));
      } catch (err) {
        // The key is kept: pressing Save again with the same findings is the same submission.
        showError($('form-error'), err);
        markServerField(err);
      } finally {
        save.disabled = false;
      }
    });

    chooseTool();
    applyLimits();
    preview();
  }

  // ---------------------------------------------------------------- family view

  async function initFamily() {
    const id = patientIdFromPath();
    await siteHeader();
    $('family-back').href = `/patients/${enc(id)}`;
    try {
      const f = await api('GET', `/api/patients/${enc(id)}/family`);
      $('family-headline').textContent = f.headline;
      fill($('family-paragraphs'), (f.paragraphs || []).map((p) => el('p', {}, p)));
      const worry = f.when_to_worry || [];
      $('family-worry-heading').hidden = worry.length === 0;
      fill($('family-worry'), worry.map((w) => el('li', {}, w)));
      $('family-notice').textContent = f.notice || '';
    } catch (err) {
      $('family-headline').textContent = 'This page could not be loaded.';
      showError($('family-error'), err);
    }
  }

  // ---------------------------------------------------------------- start

  const pages = { login: initLogin, ward: initWard, patient: initPatient, assess: initAssess, family: initFamily };
  const start = pages[document.body.dataset.page];
  if (start) {
    start().catch((err) => {
      // A 401 is already on its way to the login page.
      if (!(err instanceof ApiError && err.status === 401)) console.error(err);
    });
  }
})();
