// ragtune console: one small script, no build step. The key lives in this tab's sessionStorage only and is sent
// as X-API-Key to the same JSON API any client uses; the pages are shells, the API checks every call.
'use strict';
(() => {
  const KEY = 'ragtune.apiKey';
  const page = document.body.dataset.page;
  const $ = (id) => document.getElementById(id);

  // DOM built with textContent only: answers and documents are never parsed as HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  const status = (text, error) => { const s = $('status'); s.textContent = text || ''; s.className = error ? 'status error' : 'status'; };
  const fmt = (n, digits) => typeof n === 'number' ? (Number.isInteger(n) && digits === undefined ? String(n) : n.toFixed(digits ?? 3)) : String(n ?? '—');

  async function api(method, path, body, contentType) {
    const headers = { 'X-API-Key': sessionStorage.getItem(KEY) || '', 'Accept': 'application/json' };
    let payload;
    if (body !== undefined) { headers['Content-Type'] = contentType || 'application/json'; payload = contentType ? body : JSON.stringify(body); }
    const response = await fetch(path, { method, headers, body: payload });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
    if (!response.ok) {
      const message = (data && (data.detail || data.title)) || ('HTTP ' + response.status);
      const error = new Error(message + ' (' + response.status + ')'); error.status = response.status; throw error;
    }
    return data;
  }
  async function run(button, work) {
    if (button) button.disabled = true;
    try { await work(); } catch (e) { status(e.message, true); } finally { if (button) button.disabled = false; }
  }
  function facts(dl, entries) {
    dl.replaceChildren(...entries.filter(([, v]) => v !== undefined && v !== null)
      .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, typeof v === 'object' ? Object.entries(v).map(([a, b]) => a + ': ' + fmt(b)).join(', ') : fmt(v))]));
  }
  // only web links become hrefs (the API refuses other URLs too; this page holds the key, so it checks again)
  const webLink = (url) => /^https?:\/\//i.test(url || '') ? url : null;
  const rows = (tbody, items, cells) => tbody.replaceChildren(...items.map((item) => el('tr', {}, cells(item).map((c) => el('td', {}, c)))));

  // Charts: inline SVG bars drawn here from the JSON the API returned; no chart library. Each chart has a text
  // title and description for screen readers, and every bar carries its value as text.
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function barChart(container, title, bars, options) {
    const o = Object.assign({ width: 640, barHeight: 22, labelWidth: 180, digits: 0 }, options || {});
    const max = Math.max(1e-9, ...bars.map((b) => b.value));
    const height = Math.max(1, bars.length) * (o.barHeight + 6) + 10;
    const root = svg('svg', { viewBox: `0 0 ${o.width} ${height}`, width: o.width, height, role: 'img', 'aria-labelledby': container.id + '-t ' + container.id + '-d' });
    root.append(svg('title', { id: container.id + '-t' }, title));
    root.append(svg('desc', { id: container.id + '-d' }, bars.map((b) => b.label + ': ' + fmt(b.value, o.digits)).join('; ') || 'no data'));
    const span = o.width - o.labelWidth - 70;
    bars.forEach((b, i) => {
      const y = 5 + i * (o.barHeight + 6);
      const w = Math.max(b.value > 0 ? 2 : 0, span * b.value / max);
      root.append(svg('text', { x: o.labelWidth - 6, y: y + o.barHeight * 0.7, 'text-anchor': 'end' }, b.label.length > 28 ? b.label.slice(0, 27) + '…' : b.label));
      root.append(svg('rect', { x: o.labelWidth, y, width: w, height: o.barHeight, fill: b.color || '#2f6db5' }));
      root.append(svg('text', { x: o.labelWidth + w + 4, y: y + o.barHeight * 0.7 }, fmt(b.value, o.digits)));
    });
    container.replaceChildren(root);
  }
  // Vertical columns (days, histogram bins); labels on every `labelEvery`-th column counted from the last.
  function columnChart(container, title, columns, options) {
    const o = Object.assign({ color: '#b35c00', labelEvery: 1, label: (c) => c.label }, options || {});
    const width = 640, height = 180, base = 150, max = Math.max(1, ...columns.map((c) => c.value));
    const step = (width - 74) / Math.max(1, columns.length); // room on the right for the last label
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': container.id + '-t ' + container.id + '-d' });
    root.append(svg('title', { id: container.id + '-t' }, title));
    root.append(svg('desc', { id: container.id + '-d' }, columns.filter((c) => c.value > 0).map((c) => c.label + ': ' + c.value).join('; ') || 'none'));
    root.append(svg('line', { x1: 30, y1: base, x2: width - 5, y2: base, stroke: '#4b5563' }));
    root.append(svg('text', { x: 2, y: 14 }, String(max)));
    columns.forEach((c, i) => {
      const h = (base - 20) * c.value / max, x = 34 + i * step;
      const bar = svg('rect', { x, y: base - h, width: Math.max(2, step - 3), height: h, fill: o.color, 'data-value': c.value });
      bar.append(svg('title', {}, c.label + ': ' + c.value));
      root.append(bar);
      if ((columns.length - 1 - i) % o.labelEvery === 0) root.append(svg('text', { x, y: base + 16 }, o.label(c)));
    });
    container.replaceChildren(root);
  }

  // ---- key and roles
  async function start() {
    $('forget-key').addEventListener('click', () => { sessionStorage.removeItem(KEY); location.reload(); });
    $('key-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, $('api-key').value.trim());
      if (!(await identify())) { sessionStorage.removeItem(KEY); $('key-form').hidden = false; }
    });
    if (!sessionStorage.getItem(KEY) || !(await identify())) { $('key-form').hidden = false; $('api-key').focus(); }
  }
  async function identify() {
    let me;
    try { me = await api('GET', '/me'); } catch (e) {
      $('key-error').textContent = e.status === 401 ? 'This key was not accepted.' : 'Could not check the key: ' + e.message;
      return false;
    }
    $('key-form').hidden = true;
    $('key-error').textContent = '';
    $('who').hidden = false;
    $('who-text').textContent = 'Tenant ' + me.tenant + ' · ' + me.roles.join(', ');
    // hide what this key's roles cannot use; the API refuses it anyway
    document.querySelectorAll('[data-needs]').forEach((n) => { n.hidden = !me.roles.includes(n.dataset.needs); });
    if (!me.roles.includes(document.body.dataset.role)) { $('forbidden').hidden = false; return true; }
    $('page-content').hidden = false;
    const init = PAGES[page];
    if (init) await run(null, () => init(me));
    return true;
  }

  // ---- pages
  const PAGES = {};

  PAGES.ask = () => {
    const sessionKey = 'ragtune.session';
    const newSession = () => { const id = 'console-' + Math.random().toString(36).slice(2, 12); sessionStorage.setItem(sessionKey, id); sessionStorage.removeItem('ragtune.turns'); return id; };
    let session = sessionStorage.getItem(sessionKey) || newSession();
    let answerId = null;
    const turns = () => JSON.parse(sessionStorage.getItem('ragtune.turns') || '[]');
    const showTurns = () => {
      const list = turns();
      $('turns').hidden = list.length < 2;
      $('turn-list').replaceChildren(...list.slice(0, -1).map((t) => el('li', {}, el('strong', {}, t.q), el('p', {}, t.a))));
    };
    $('session-id').textContent = session;
    showTurns();
    $('new-session').addEventListener('click', () => { session = newSession(); $('session-id').textContent = session; $('answer').hidden = true; showTurns(); status('New conversation started.'); });
    $('ask-form').addEventListener('submit', (event) => {
      event.preventDefault();
      run($('ask-button'), async () => {
        const body = { question: $('question').value, sessionId: session };
        const filter = $('filter').value.trim();
        if (filter) { try { body.filter = JSON.parse(filter.startsWith('{') ? filter : '{' + filter + '}'); } catch (e) { throw new Error('The filter is not valid JSON.'); } }
        if ($('k').value) body.k = Number($('k').value);
        status('Asking…');
        const a = await api('POST', '/ask', body);
        answerId = a.answerId;
        $('answer-text').textContent = a.answer;
        $('citations').replaceChildren(...a.citations.map((c) => el('li', { value: c.n, class: 'citation' },
          webLink(c.url) ? el('a', { href: webLink(c.url) }, c.title || c.documentId) : el('strong', {}, c.title || c.documentId),
          el('div', { class: 'heading-path' }, (c.headingPath || []).join(' › ')),
          el('blockquote', {}, c.text))));
        if (!a.citations.length) $('citations').replaceChildren(el('li', {}, 'No sources: the documentation did not answer this.'));
        facts($('answer-facts'), [['Route', a.route], ['Mode', a.mode], ['Grounding', a.grounding], ['Tokens', a.usage],
          ['Cost (USD)', a.estimatedCostUsd.toFixed(6)], ['Latency (ms)', a.latency], ['Answer id', a.answerId]]);
        $('feedback-form').reset();
        $('feedback-status').textContent = '';
        $('answer').hidden = false;
        sessionStorage.setItem('ragtune.turns', JSON.stringify([...turns(), { q: body.question, a: a.answer }]));
        showTurns();
        status('Answered with ' + a.citations.length + ' source(s).');
      });
    });
    $('feedback-form').addEventListener('submit', (event) => {
      event.preventDefault();
      run($('feedback-button'), async () => {
        const rating = new FormData($('feedback-form')).get('rating');
        await api('POST', '/feedback', { answerId, rating, comment: $('comment').value || null, correctedAnswer: $('corrected').value || null });
        // said next to the button, where the user is
        $('feedback-status').textContent = 'Feedback recorded: ' + (rating === 'up' ? 'helpful' : 'not helpful') + '.';
      });
    });
  };

  PAGES.gaps = async () => {
    status('Loading…');
    const r = await api('GET', '/gaps?limit=50');
    columnChart($('refusal-chart'), 'Refusals per day', (r.refusalsPerDay || []).map((d) => ({ label: d.date, value: d.refusals })),
      { labelEvery: 7, label: (c) => c.label.slice(5) });
    $('gap-summary').textContent = r.questions + ' question(s) in ' + r.clusters.length + ' group(s).';
    rows($('gap-table').tBodies[0], r.clusters, (c) => [
      el('ul', {}, c.examples.map((q) => el('li', {}, q))), c.count, c.refusals, c.downRated,
      c.lastSeen ? new Date(c.lastSeen).toLocaleString() : '—',
      el('a', { href: '/console/documents?q=' + encodeURIComponent(c.examples[0]) }, 'Closest documents')]);
    status('');
  };

  PAGES.documents = async (me) => {
    const formatOf = (name) => ({ md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', adoc: 'asciidoc', asciidoc: 'asciidoc' })[name.split('.').pop().toLowerCase()] || 'text';
    const passage = (h) => el('li', { class: 'passage' }, el('strong', {}, h.title || h.documentId), ' ', el('code', {}, h.documentId),
      el('div', { class: 'heading-path' }, (h.headingPath || []).join(' › ')), el('blockquote', {}, h.text));
    async function find(q) {
      const docs = await api('GET', '/documents?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
      rows($('doc-table').tBodies[0], docs, (d) => [el('code', {}, d.id), d.title || '', d.format, d.chunkCount,
        new Date(d.indexedAt).toLocaleString(),
        el('span', {}, el('button', { type: 'button', onclick: () => run(null, () => view(d.id)) }, 'View'), ' ',
          el('button', { type: 'button', onclick: () => run(null, () => remove(d.id)) }, 'Delete'))]);
      if (q) {
        const s = await api('POST', '/search', { query: q, k: 5 });
        $('passages').replaceChildren(...s.results.map(passage));
      } else $('passages').replaceChildren();
      status(docs.length + ' document(s)' + (q ? ' match “' + q + '”' : '') + '.');
    }
    async function view(id) {
      const d = await api('GET', '/documents/' + encodeURIComponent(id).replace(/%2F/g, '/') + '?include=chunks');
      facts($('doc-facts'), [['Id', d.id], ['Title', d.title], ['Format', d.format], ['Link', d.url], ['Chunks', d.chunkCount],
        ['Indexed', d.indexedAt], ['Metadata', d.metadata], ['Embedding model', d.model]]);
      $('doc-chunks').replaceChildren(...d.chunks.map((c) => el('li', { class: 'passage', value: c.index + 1 },
        el('code', {}, c.chunkId), el('div', { class: 'heading-path' }, (c.headingPath || []).join(' › ')), el('blockquote', {}, c.text))));
      $('doc-view').hidden = false; $('doc-view').focus();
    }
    async function remove(id) {
      if (!confirm('Delete document ' + id + ' and all its chunks?')) return;
      await api('DELETE', '/documents/' + encodeURIComponent(id).replace(/%2F/g, '/'));
      status('Deleted ' + id + '.');
      await find($('find').value.trim());
    }
    $('find-form').addEventListener('submit', (e) => { e.preventDefault(); run(null, () => find($('find').value.trim())); });
    $('upload-form').addEventListener('submit', (e) => {
      e.preventDefault();
      run(e.submitter, async () => {
        const results = [];
        for (const file of $('files').files) {
          const id = ($('id-prefix').value.trim() + file.name).replace(/[^A-Za-z0-9._:\/@+=-]/g, '-');
          const text = await file.text();
          try {
            const r = await api('PUT', '/documents/' + id, { title: file.name.replace(/\.[^.]+$/, ''), text, format: formatOf(file.name) });
            results.push(el('li', {}, file.name + ': ' + r.status + ' as ' + r.id + ' (' + r.chunks + ' chunks)'));
          } catch (err) { results.push(el('li', { class: 'error' }, file.name + ': ' + err.message)); }
        }
        $('upload-results').replaceChildren(...results);
        status('Upload finished.');
        await find($('find').value.trim());
      });
    });
    if (me.roles.includes('admin')) {
      const report = (r) => facts($('reindex-report'), [['Run', r.id], ['Status', r.status], ['Started', r.startedAt], ['Finished', r.finishedAt],
        ['Added', r.added], ['Updated', r.updated], ['Deleted', r.deleted], ['Unchanged', r.unchanged], ['Failed', r.failed], ['Embeddings', r.embeddings], ['Error', r.error]]);
      // progress: documents gone through (each source's cursor) out of those its listing found
      const progress = (r) => {
        const sources = Object.values(r.sources || {});
        const listed = sources.reduce((n, x) => n + (x.listed || 0), 0), done = sources.reduce((n, x) => n + (x.cursor || 0), 0);
        const bar = $('reindex-bar');
        if (listed > 0) { bar.max = listed; bar.value = Math.min(done, listed); bar.textContent = done + ' of ' + listed; } else bar.removeAttribute('value');
        return listed > 0 ? done + ' of ' + listed + ' document(s)' : 'listing sources';
      };
      // a POST works for a bounded time; while the run is in progress the next POST continues it (409: another
      // invocation, e.g. the schedule, holds the lock; then just watch)
      const step = async (runId) => {
        try { return (await api('POST', '/reindex', {})).runId; } catch (e) { if (e.status === 409 && runId) return runId; throw e; }
      };
      $('reindex-button').addEventListener('click', () => run($('reindex-button'), async () => {
        $('reindex-progress').hidden = false;
        let runId = await step(null);
        let r = await api('GET', '/reindex/runs/' + runId);
        while (r.status === 'in-progress') {
          report(r);
          status('Reindex ' + r.id + ' running: ' + progress(r) + '.');
          await new Promise((ok) => setTimeout(ok, 1000));
          runId = await step(runId);
          r = await api('GET', '/reindex/runs/' + runId);
        }
        progress(r);
        $('reindex-progress').hidden = true;
        report(r);
        status('Reindex ' + r.id + ' ' + r.status + '.');
      }));
      const runs = await api('GET', '/reindex/runs');
      if (runs.length) report(runs[0]);
    }
    const q = new URLSearchParams(location.search).get('q');
    if (q) $('find').value = q;
    await find(q || '');
  };

  PAGES.behaviour = async () => {
    async function showReport(id) {
      // a large set's report is computed in steps: each read while it runs advances it (202 with its progress)
      const path = '/finetune/datasets/' + encodeURIComponent(id) + '/report';
      let r = await api('GET', path);
      while (r && r.status === 'running') {
        status('Report ' + r.phase + ': ' + r.done + ' of ' + r.total + ' examples embedded' + (r.checksDone ? ', ' + r.checksDone + ' of 6 checks run' : '') + '…');
        await new Promise((ok) => setTimeout(ok, 300));
        r = await api('GET', path);
      }
      if (r && r.status === 'failed') throw new Error(r.error || 'the report failed');
      facts($('report-facts'), [['Dataset', r.datasetId], ['Verdict', r.verdict.status], ['Examples', r.counts], ['Notes', r.verdict.notes.join(' ')],
        ['Estimated cost (USD)', r.tokens && r.tokens.estimatedCostUsd]]);
      const len = r.assistantLength || { histogram: [] };
      columnChart($('length-chart'), 'Assistant reply length histogram (tokens)',
        len.histogram.map((b) => ({ label: b.fromTokens + '–' + (b.toTokens - 1), value: b.count })), { color: '#2f6db5' });
      $('length-summary').textContent = 'mean ' + fmt(len.meanTokens, 1) + ' tokens, sd ' + fmt(len.sdTokens, 1) + ', min ' + len.minTokens + ', max ' + len.maxTokens;
      const clusters = (r.coverage && r.coverage.clusters) || [];
      barChart($('coverage-chart'), 'Share of examples per task cluster', clusters.map((c) => ({ label: (c.thin ? '(thin) ' : '') + c.example, value: c.share * 100, color: c.thin ? '#b35c00' : '#2f6db5' })), { digits: 1, labelWidth: 260 });
      const p = r.persona || { outliers: [], offTone: [], otherLanguage: [], leaked: [] };
      barChart($('persona-chart'), 'Persona findings', [{ label: 'outliers', value: (p.outliers || []).length }, { label: 'off tone', value: (p.offTone || []).length },
        { label: 'other language', value: (p.otherLanguage || []).length }, { label: 'leaked template', value: (p.leaked || []).length }]);
      $('persona-list').replaceChildren(...[...(p.outliers || []), ...(p.offTone || []), ...(p.otherLanguage || []), ...(p.leaked || [])]
        .slice(0, 20).map((o) => el('li', {}, 'line ' + o.line + ': ' + (o.excerpt || '') + (o.phrases ? ' [' + o.phrases.join(', ') + ']' : ''))));
      const pii = r.pii || [], dups = r.nearDuplicates || [];
      barChart($('findings-chart'), 'Personal data and duplicate findings', [{ label: 'personal data', value: pii.length }, { label: 'near duplicates', value: dups.filter((d) => !d.exact).length }, { label: 'exact duplicates', value: dups.filter((d) => d.exact).length }]);
      $('findings-list').replaceChildren(...pii.slice(0, 20).map((f) => el('li', {}, 'line ' + f.line + ' ' + f.kind + ' (' + f.role + '): ' + f.masked)),
        ...dups.slice(0, 20).map((d) => el('li', {}, 'line ' + d.line + ' duplicates line ' + d.duplicateOfLine + ' (' + fmt(d.similarity, 2) + ')')));
      $('report').hidden = false; $('report').focus();
    }
    const datasets = await api('GET', '/finetune/datasets');
    rows($('dataset-table').tBodies[0], datasets, (d) => [d.name, d.persona || '', d.examples, d.created,
      el('button', { type: 'button', onclick: () => run(null, () => showReport(d.id)) }, 'Report')]);
    const jobs = await api('GET', '/finetune/jobs');
    rows($('job-table').tBodies[0], jobs, (j) => [el('code', {}, j.id), j.datasetId, j.baseModel, j.status, j.fineTunedModel || j.error || '']);
    async function models() {
      const m = await api('GET', '/models');
      $('current-model').textContent = m.behaviour || 'none';
      rows($('model-table').tBodies[0], m.models, (e) => [e.name, e.model, e.kind || '', el('span', {},
        el('button', { type: 'button', onclick: () => run(null, async () => { await api('POST', '/models/' + encodeURIComponent(e.name) + '/promote' + ($('force').checked ? '?force=true' : '')); status('Promoted ' + e.name + '.'); await models(); }) }, 'Promote'), ' ',
        el('button', { type: 'button', onclick: () => run(null, () => evaluations(e.name)) }, 'Evaluations'))]);
    }
    async function evaluations(name) {
      const list = await api('GET', '/models/' + encodeURIComponent(name) + '/evaluations');
      $('evaluations').hidden = false;
      $('evaluations-heading').textContent = 'Evaluations of ' + name;
      const done = list.find((e) => e.summary);
      if (done) barChart($('evaluation-chart'), 'Candidate vs baseline scores', Object.keys(done.summary.candidate).flatMap((k) => [
        { label: k + ' (' + name + ')', value: done.summary.candidate[k] }, { label: k + ' (baseline)', value: done.summary.baseline[k], color: '#6b7280' }]), { digits: 3 });
      else $('evaluation-chart').replaceChildren();
      $('evaluation-list').replaceChildren(...list.map((e) => el('li', {}, e.id + ': ' + e.status + ' ' + e.done + '/' + e.total + ' against ' + e.baseline
        + (e.summary ? (e.summary.beatsBaseline ? ' — beats the baseline' : ' — does not beat the baseline') : ''))));
      if (!list.length) $('evaluation-list').replaceChildren(el('li', {}, 'No evaluations yet.'));
    }
    $('rollback').addEventListener('click', () => run($('rollback'), async () => { await api('POST', '/models/behaviour/rollback'); status('Rolled back.'); await models(); }));
    await models();
  };

  PAGES.advisor = () => {
    $('conversation-file').addEventListener('change', async () => { const f = $('conversation-file').files[0]; if (f) $('conversations').value = await f.text(); });
    $('advisor-form').addEventListener('submit', (e) => {
      e.preventDefault();
      run(e.submitter, async () => {
        const text = $('conversations').value.trim();
        let conversations;
        try { conversations = text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)); }
        catch (err) { throw new Error('Each line must be a JSON object with question and wantedAnswer.'); }
        status('Advising on ' + conversations.length + ' conversation(s)…');
        const r = await api('POST', '/advisor', { conversations });
        $('recommendation').textContent = r.recommendation;
        $('reasons').replaceChildren(...(r.reasons || []).map((x) => el('li', {}, x)));
        barChart($('coverage-chart'), 'Coverage by the docs (percent)', [{ label: 'covered conversations', value: r.coverage.coveredShare * 100 },
          { label: 'mean term coverage', value: r.coverage.meanTermCoverage * 100 }, { label: 'mean top relevance', value: r.coverage.meanTopRelevance * 100 }], { digits: 1 });
        barChart($('style-chart'), 'Style of the wanted answers (percent)', [{ label: 'answers with lists', value: r.style.listShare * 100 },
          { label: 'answers with markers', value: r.style.markerShare * 100 }, { label: 'consistency', value: r.style.consistency * 100 }], { digits: 1 });
        const t = r.tokens;
        barChart($('cost-chart'), 'Cost per 1,000 requests in USD', [{ label: 'RAG (' + t.ragModel + ')', value: t.ragCostPer1k },
          { label: 'tuned (' + t.tunedModel + ')', value: t.tunedCostPer1k, color: '#b35c00' },
          { label: 'hybrid (' + t.tunedModel + ' + sources)', value: t.hybridCostPer1k, color: '#6b3fa0' }], { digits: 4, labelWidth: 240 });
        facts($('advice-facts'), [['Conversations', r.conversations], ['Mean words', r.style.meanWords], ['Routes', r.routes], ['Baseline', r.baselineNote], ['Cost note', t.note]]);
        $('advice').hidden = false; $('advice').focus();
        status('');
      });
    });
  };

  start();
})();
