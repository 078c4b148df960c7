// DMN helpers. tamga's policies are DMN 1.5; dmn-js reads and writes DMN 1.3. The models use
// nothing that changed between them, so the viewer gets the 1.3 namespaces and a saved draft
// gets the 1.5 ones back. Models without diagram interchange (DMNDI) get a layered layout so the
// requirement graph can be drawn.
import { api, type DmnFile, type Ground, type VersionDetail } from './api';

const NS = {
  model13: 'https://www.omg.org/spec/DMN/20191111/MODEL/',
  di13: 'https://www.omg.org/spec/DMN/20191111/DMNDI/',
  model14: 'https://www.omg.org/spec/DMN/20211108/MODEL/',
  di14: 'https://www.omg.org/spec/DMN/20211108/DMNDI/',
  model15: 'https://www.omg.org/spec/DMN/20230324/MODEL/',
  di15: 'https://www.omg.org/spec/DMN/20230324/DMNDI/',
  feel13: 'https://www.omg.org/spec/DMN/20191111/FEEL/',
  feel15: 'https://www.omg.org/spec/DMN/20230324/FEEL/',
  dc: 'http://www.omg.org/spec/DMN/20180521/DC/',
  di: 'http://www.omg.org/spec/DMN/20180521/DI/',
};

const replaceAll = (s: string, pairs: [string, string][]) =>
  pairs.reduce((acc, [a, b]) => acc.split(a).join(b), s);

export function toDmn13(xml: string): string {
  return replaceAll(xml, [
    [NS.model15, NS.model13],
    [NS.di15, NS.di13],
    [NS.model14, NS.model13],
    [NS.di14, NS.di13],
    [NS.feel15, NS.feel13],
  ]);
}

export function toDmn15(xml: string): string {
  return replaceAll(xml, [
    [NS.model13, NS.model15],
    [NS.di13, NS.di15],
    [NS.feel13, NS.feel15],
  ]);
}

function parse(xml: string): Document | null {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return doc.getElementsByTagName('parsererror').length ? null : doc;
}

function byLocalName(root: Document | Element, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', name));
}

const DRG = ['decision', 'inputData', 'businessKnowledgeModel', 'knowledgeSource', 'decisionService'];

/**
 * Adds DMNDI to a DMN 1.3 model that has none: decisions in layers above the inputs they
 * require (the top decision at the top), requirements as straight edges.
 */
export function ensureDi(xml: string): string {
  const doc = parse(xml);
  if (!doc) return xml;
  const defs = doc.documentElement;
  if (byLocalName(doc, 'DMNDI').length) return xml;

  const elements = Array.from(defs.children).filter((c) => DRG.includes(c.localName) && c.getAttribute('id'));
  const ids = new Set(elements.map((e) => e.getAttribute('id')!));
  type Req = { el: Element; from: string; to: string };
  const reqs: Req[] = [];
  let counter = 0;
  for (const e of elements) {
    const to = e.getAttribute('id')!;
    for (const r of Array.from(e.children)) {
      if (!['informationRequirement', 'knowledgeRequirement', 'authorityRequirement'].includes(r.localName)) continue;
      const ref = Array.from(r.children).find((c) => c.getAttribute('href'));
      const from = ref?.getAttribute('href')?.replace(/^#/, '');
      if (!from || !ids.has(from)) continue;
      if (!r.getAttribute('id')) r.setAttribute('id', `tamga_req_${++counter}`);
      reqs.push({ el: r, from, to });
    }
  }

  // Layer = longest path from a source (an element nothing is required for is on top).
  const depth = new Map<string, number>();
  const reqsOf = (id: string) => reqs.filter((r) => r.to === id).map((r) => r.from);
  const visit = (id: string, seen: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const below = reqsOf(id).map((f) => visit(f, seen));
    const d = below.length ? Math.max(...below) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  for (const id of ids) visit(id, new Set());
  // Rows from the top: a decision's row follows its depth; an input (or any element that requires
  // nothing) sits just below the lowest element that requires it, beside the decisions there.
  const maxDepth = Math.max(0, ...depth.values());
  const row = new Map<string, number>();
  for (const id of ids) if (reqsOf(id).length || !reqs.some((r) => r.from === id)) row.set(id, maxDepth - depth.get(id)!);
  for (const id of ids) {
    if (row.has(id)) continue;
    const consumers = reqs.filter((r) => r.from === id).map((r) => maxDepth - depth.get(r.to)!);
    row.set(id, Math.max(...consumers) + 1);
  }
  const layers: string[][] = [];
  const isInput = (id: string) => elements.find((e) => e.getAttribute('id') === id)!.localName === 'inputData';
  for (const e of elements) {
    const id = e.getAttribute('id')!;
    (layers[row.get(id)!] ??= []).push(id);
  }
  for (let i = 0; i < layers.length; i++) {
    layers[i] = (layers[i] ?? []).sort((a, b) => Number(isInput(a)) - Number(isInput(b)));
  }

  const size = (id: string) => {
    const kind = elements.find((e) => e.getAttribute('id') === id)!.localName;
    return kind === 'inputData' ? { w: 150, h: 50 } : { w: 180, h: 80 };
  };
  const gapX = 40;
  const rowH = 150;
  // Decisions are centred in a common band on the left; inputs follow them on the right.
  const rowWidth = (ids2: string[]) => ids2.reduce((sum, id) => sum + size(id).w, 0) + gapX * Math.max(0, ids2.length - 1);
  const decW = Math.max(0, ...layers.map((l) => rowWidth(l.filter((id) => !isInput(id)))));
  const box = new Map<string, { x: number; y: number; w: number; h: number }>();
  layers.forEach((layer, r) => {
    const decisions = layer.filter((id) => !isInput(id));
    const inputs = layer.filter(isInput);
    let x = 40 + (decW - rowWidth(decisions)) / 2;
    for (const id of decisions) {
      const sz = size(id);
      box.set(id, { x: Math.round(x), y: 40 + r * rowH, w: sz.w, h: sz.h });
      x += sz.w + gapX;
    }
    x = 40 + decW + (decisions.length ? gapX : 0);
    for (const id of inputs) {
      const sz = size(id);
      box.set(id, { x: Math.round(x), y: 40 + r * rowH + (80 - sz.h) / 2, w: sz.w, h: sz.h });
      x += sz.w + gapX;
    }
  });

  const el = (ns: string, qname: string, attrs: Record<string, string | number>) => {
    const n = doc.createElementNS(ns, qname);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    return n;
  };
  // Declare the prefixes once, on <definitions>, so they are not repeated on every element.
  const XMLNS = 'http://www.w3.org/2000/xmlns/';
  defs.setAttributeNS(XMLNS, 'xmlns:dmndi', NS.di13);
  defs.setAttributeNS(XMLNS, 'xmlns:dc', NS.dc);
  defs.setAttributeNS(XMLNS, 'xmlns:di', NS.di);
  const dmndi = el(NS.di13, 'dmndi:DMNDI', {});
  const diagram = el(NS.di13, 'dmndi:DMNDiagram', { id: 'tamga_diagram' });
  dmndi.appendChild(diagram);
  for (const [id, b] of box) {
    const shape = el(NS.di13, 'dmndi:DMNShape', { id: `tamga_shape_${id}`, dmnElementRef: id });
    shape.appendChild(el(NS.dc, 'dc:Bounds', { height: b.h, width: b.w, x: b.x, y: b.y }));
    diagram.appendChild(shape);
  }
  // Edges between adjacent layers go straight up, spread over the target's bottom side; an edge
  // that skips layers goes round the right of the graph so it never crosses a shape.
  const right = Math.max(...[...box.values()].map((b) => b.x + b.w), 0);
  const rowOf = (id: string) => layers.findIndex((l) => l.includes(id));
  const incoming = new Map<string, Req[]>();
  for (const r of reqs) incoming.set(r.to, [...(incoming.get(r.to) ?? []), r]);
  let lane = 0;
  for (const r of reqs) {
    const a = box.get(r.from);
    const b = box.get(r.to);
    if (!a || !b) continue;
    const edge = el(NS.di13, 'dmndi:DMNEdge', { id: `tamga_edge_${r.el.getAttribute('id')}`, dmnElementRef: r.el.getAttribute('id')! });
    const siblings = incoming.get(r.to)!;
    const slot = (b.w * (siblings.indexOf(r) + 1)) / (siblings.length + 1);
    let points: { x: number; y: number }[];
    if (rowOf(r.from) - rowOf(r.to) <= 1) {
      points = [
        { x: a.x + a.w / 2, y: a.y },
        { x: b.x + slot, y: b.y + b.h },
      ];
    } else {
      const side = right + 30 + 24 * lane++;
      const above = a.y - 16 - 6 * (lane % 3);
      const into = b.y + b.h / 2 + 12 * (lane % 3) - 12;
      points = [
        { x: a.x + a.w / 2 + 10, y: a.y },
        { x: a.x + a.w / 2 + 10, y: above },
        { x: side, y: above },
        { x: side, y: into },
        { x: b.x + b.w, y: into },
      ];
    }
    for (const p of points) edge.appendChild(el(NS.di, 'di:waypoint', { x: Math.round(p.x), y: Math.round(p.y) }));
    diagram.appendChild(edge);
  }
  defs.appendChild(dmndi);
  return new XMLSerializer().serializeToString(doc);
}

/**
 * For viewing only: dmn-js shows one annotation column (a rule's description), so each rule's
 * Reason and Citation annotations are shown there ("reason — citation").
 */
export function annotationsAsDescriptions(xml: string): string {
  const doc = parse(xml);
  if (!doc) return xml;
  for (const table of byLocalName(doc, 'decisionTable')) {
    const names = Array.from(table.children)
      .filter((c) => c.localName === 'annotation')
      .map((c) => c.getAttribute('name') ?? '');
    if (!names.length) continue;
    for (const rule of Array.from(table.children).filter((c) => c.localName === 'rule')) {
      if (Array.from(rule.children).some((c) => c.localName === 'description')) continue;
      const entries = Array.from(rule.children)
        .filter((c) => c.localName === 'annotationEntry')
        .map((c) => c.textContent?.trim() ?? '');
      const text = entries.filter(Boolean).join(' — ');
      if (!text) continue;
      const d = doc.createElementNS(doc.documentElement.namespaceURI, 'description');
      d.textContent = text;
      rule.insertBefore(d, rule.firstChild);
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

/**
 * A draft copied from the version of `from` becomes the version of `to`: the id, name and
 * namespace of its <definitions> that carry the old date get the new one.
 */
export function retarget(xml: string, from: string, to: string): string {
  if (!from || !to || from === to) return xml;
  return xml.replace(/<(\w+:)?definitions\b[^>]*>/, (tag) =>
    tag.replace(/\b(id|name|namespace)="([^"]*)"/g, (_m, attr: string, value: string) =>
      `${attr}="${value.split(from).join(to).split(from.replace(/-/g, '_')).join(to.replace(/-/g, '_'))}"`,
    ),
  );
}

/** The names of the input data a version's models declare (the answers the policy looks at). */
export function inputNames(files: DmnFile[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const doc = parse(f.xml);
    if (!doc) continue;
    for (const e of byLocalName(doc, 'inputData')) {
      const n = e.getAttribute('name');
      if (n) out.add(n);
    }
  }
  return [...out];
}

/** The outcomes of the decision contract (docs/policies.md): string outputs that are not documents. */
const OUTCOMES = new Set(['eligible', 'documents-missing', 'refuse']);

/**
 * Which rules name which document: a decision-table rule whose output is a string literal
 * ("no-objection-certificate") is the rule that requires that document.
 */
export function documentRules(files: DmnFile[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    const doc = parse(f.xml);
    if (!doc) continue;
    for (const rule of byLocalName(doc, 'rule')) {
      const id = rule.getAttribute('id');
      if (!id) continue;
      for (const o of Array.from(rule.children).filter((c) => c.localName === 'outputEntry')) {
        const m = /^\s*"([^"]+)"\s*$/.exec(o.textContent ?? '');
        if (m && !OUTCOMES.has(m[1])) out.set(m[1], [...(out.get(m[1]) ?? []), id]);
      }
    }
  }
  return out;
}

/** The grounds that require a document, by its kind. */
export function groundsForDocument(kind: string, grounds: Ground[], rules: Map<string, string[]> | undefined): Ground[] {
  const ids = rules?.get(kind) ?? [];
  return grounds.filter((g) => ids.includes(g.ruleId));
}

const versionCache = new Map<string, Promise<VersionDetail>>();

/** A policy version with its models and rules, fetched once per page load. */
export function loadVersion(j: string, k: string, date: string): Promise<VersionDetail> {
  const key = `${j}/${k}/${date}`;
  let p = versionCache.get(key);
  if (!p) {
    p = api.version(j, k, date);
    p.catch(() => versionCache.delete(key));
    versionCache.set(key, p);
  }
  return p;
}

/** The annotation columns a rule that tells a result must fill (docs/policies.md, "Four eyes"). */
export const TEXT_COLUMNS = ['Reason', 'Citation', 'Reason (ru)', 'Citation (ru)'] as const;

/** A decision-table rule with its output and its reason and citation cells. */
export interface RuleText {
  id: string;
  table: string;
  decision: string;
  /** The first output when it is a string literal ("passport", "refuse"), else "". */
  output: string;
  cells: Record<string, string>;
}

const elements = (n: Element, name: string) => Array.from(n.children).filter((c) => c.localName === name);

/** Every decision-table rule of a model, with its reason and citation cells (dmn-js's modeler shows none of them). */
export function ruleTexts(xml: string): RuleText[] {
  const doc = parse(xml);
  if (!doc) return [];
  const out: RuleText[] = [];
  for (const table of byLocalName(doc, 'decisionTable')) {
    const columns = elements(table, 'annotation').map((a) => a.getAttribute('name') ?? '');
    let owner: Element | null = table.parentElement;
    while (owner && owner.localName !== 'decision' && owner.localName !== 'businessKnowledgeModel') owner = owner.parentElement;
    for (const rule of elements(table, 'rule')) {
      const output = /^\s*"([^"\\]*)"\s*$/.exec(elements(rule, 'outputEntry')[0]?.textContent ?? '')?.[1] ?? '';
      const entries = elements(rule, 'annotationEntry');
      const cells: Record<string, string> = {};
      for (const c of TEXT_COLUMNS) {
        const i = columns.indexOf(c);
        cells[c] = i >= 0 ? (entries[i]?.textContent ?? '').trim() : '';
      }
      out.push({ id: rule.getAttribute('id') ?? '', table: table.getAttribute('id') ?? '', decision: owner?.getAttribute('name') ?? '', output, cells });
    }
  }
  return out;
}

/** A rule id as policies and citations name it: a letter, then letters, digits, '-' and '_'. */
export const RULE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Writes reason and citation cells and new rule ids into a model. A table that lacks one of the
 * TEXT_COLUMNS gets it (and every rule an empty cell for it), so edits never shift other columns.
 */
export function applyRuleTexts(xml: string, edits: { id: string; newId: string; cells: Record<string, string> }[]): string {
  const doc = parse(xml);
  if (!doc) return xml;
  const byId = new Map(edits.map((e) => [e.id, e]));
  const make = (near: Element, name: string) => doc.createElementNS(near.namespaceURI, near.prefix ? `${near.prefix}:${name}` : name);
  const cell = (near: Element, text: string) => {
    const entry = make(near, 'annotationEntry');
    const t = make(near, 'text');
    t.textContent = text;
    entry.appendChild(t);
    return entry;
  };
  for (const table of byLocalName(doc, 'decisionTable')) {
    const rules = elements(table, 'rule');
    if (!rules.some((r) => byId.has(r.getAttribute('id') ?? ''))) continue;
    for (const c of TEXT_COLUMNS) {
      if (elements(table, 'annotation').some((a) => a.getAttribute('name') === c)) continue;
      const a = make(table, 'annotation');
      a.setAttribute('name', c);
      const last = [...elements(table, 'annotation'), ...elements(table, 'output')].pop();
      table.insertBefore(a, last ? last.nextSibling : rules[0] ?? null);
      for (const r of rules) r.appendChild(cell(r, ''));
    }
    const columns = elements(table, 'annotation').map((a) => a.getAttribute('name') ?? '');
    for (const r of rules) {
      const e = byId.get(r.getAttribute('id') ?? '');
      if (!e) continue;
      const entries = elements(r, 'annotationEntry');
      while (entries.length < columns.length) {
        const added = cell(r, '');
        r.appendChild(added);
        entries.push(added);
      }
      for (const c of TEXT_COLUMNS) {
        const entry = entries[columns.indexOf(c)];
        const text = elements(entry, 'text')[0] ?? entry.appendChild(make(entry, 'text'));
        text.textContent = e.cells[c] ?? '';
      }
      if (e.newId && e.newId !== e.id) r.setAttribute('id', e.newId);
    }
  }
  return new XMLSerializer().serializeToString(doc);
}
