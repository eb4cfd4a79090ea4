// Lays out a BPMN file that has no diagram interchange (DI), so bpmn-js (the console's designer and
// instance view) can draw it, and adds the DI to the file's own text: every id, extension, comment
// and line of the model stays as written, a diff shows only the added <bpmndi:BPMNDiagram>.
//
//   node scripts/layout-shipped.mjs ../process-definitions/*.bpmn20.xml      (from console/)
//
// Files that already carry a diagram are left alone (delete the diagram to lay a file out again).
// bpmn-auto-layout places the flow nodes left to right and routes the flows; it reads a node's
// flows from <outgoing>/<incoming>, which hand-written files leave out, so they are wired in memory
// first. It knows nothing of lanes: a process with lanes keeps its columns, each lane becomes a
// horizontal band holding its own nodes, and the flows are routed again between the bands.
import { readFileSync, writeFileSync } from 'node:fs';
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';

const NS = 'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"'
  + ' xmlns:di="http://www.omg.org/spec/DD/20100524/DI"';
const ROW = 130; // a lane row: a task (80) and room for labels and flows around it
const LANE_PAD = 20; // above the first and below the last row of a lane
const LANE_LABEL = 30; // the lane's name is written in this band at its left
const LEFT = 40; // space between the label band and the first column

const moddle = new BpmnModdle();

async function layOut(file) {
  const text = readFileSync(file, 'utf8');
  if (/<([\w-]+:)?BPMNDiagram[\s>]/.test(text)) return `${file}: has a diagram, left alone`;
  const { rootElement: definitions } = await moddle.fromXML(text);
  const processes = definitions.rootElements.filter(e => e.$type === 'bpmn:Process');
  if (processes.length !== 1) throw new Error(`${file}: expected one process, found ${processes.length}`);
  const [proc] = processes;
  for (const flow of proc.flowElements.filter(e => e.$type === 'bpmn:SequenceFlow')) {
    flow.sourceRef.get('outgoing').push(flow);
    flow.targetRef.get('incoming').push(flow);
  }
  const { xml: wired } = await moddle.toXML(definitions);
  const { rootElement: laid } = await moddle.fromXML(await layoutProcess(wired));
  const shapes = new Map();
  const edges = new Map();
  for (const item of laid.diagrams[0].plane.planeElement) {
    const id = item.bpmnElement.id;
    if (item.$type === 'bpmndi:BPMNShape') shapes.set(id, { ...pick(item.bounds), marker: item.isMarkerVisible });
    else edges.set(id, item.waypoint.map(p => ({ x: p.x, y: p.y })));
  }
  const lanes = (proc.laneSets ?? []).flatMap(set => set.lanes ?? []);
  const laneBands = lanes.length ? intoLanes(proc, lanes, shapes, edges) : [];
  const di = diagram(proc, shapes, edges, laneBands);
  const at = text.lastIndexOf('</definitions>');
  if (at < 0) throw new Error(`${file}: no </definitions> (a prefixed root is not supported)`);
  writeFileSync(file, `${text.slice(0, at)}${di}${text.slice(at)}`);
  return `${file}: ${shapes.size} shapes, ${edges.size} edges${lanes.length ? `, ${lanes.length} lanes` : ''}`;
}

function pick(b) {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
}

/**
 * Moves every node into its lane's band, keeping its column; the rows a lane needs are the distinct
 * rows auto-layout gave its nodes. Answers the bands, and routes every flow again.
 */
function intoLanes(proc, lanes, shapes, edges) {
  const laneOf = new Map();
  for (const lane of lanes) for (const node of lane.flowNodeRef ?? []) laneOf.set(node.id, lane.id);
  const nodes = proc.flowElements.filter(e => shapes.has(e.id));
  const boundary = nodes.filter(n => n.$type === 'bpmn:BoundaryEvent');
  const placed = nodes.filter(n => n.$type !== 'bpmn:BoundaryEvent');
  for (const node of placed) if (!laneOf.has(node.id)) throw new Error(`${node.id} is in no lane`);
  const center = id => shapes.get(id).y + shapes.get(id).height / 2;
  const shiftX = LANE_LABEL + LEFT - Math.min(...placed.map(n => shapes.get(n.id).x));
  const bands = [];
  let top = 0;
  let width = 0;
  for (const lane of lanes) {
    const mine = placed.filter(n => laneOf.get(n.id) === lane.id);
    const rows = [...new Set(mine.map(n => center(n.id)))].sort((a, b) => a - b);
    for (const node of mine) {
      const s = shapes.get(node.id);
      s.x += shiftX;
      s.y = Math.round(top + LANE_PAD + rows.indexOf(center(node.id)) * ROW + ROW / 2 - s.height / 2);
      width = Math.max(width, s.x + s.width);
    }
    const height = Math.max(1, rows.length) * ROW + 2 * LANE_PAD;
    bands.push({ id: lane.id, x: 0, y: top, height });
    top += height;
  }
  for (const band of bands) band.width = width + LEFT;
  for (const event of boundary) {
    // On the host's lower edge, near its right corner, as modelers draw an error boundary.
    const host = shapes.get(event.attachedToRef.id);
    const s = shapes.get(event.id);
    s.x = host.x + host.width - s.width - 8;
    s.y = host.y + host.height - s.height / 2;
  }
  const boxes = placed.map(n => ({ id: n.id, ...shapes.get(n.id) }));
  for (const flow of proc.flowElements.filter(e => e.$type === 'bpmn:SequenceFlow')) {
    edges.set(flow.id, route(shapes.get(flow.sourceRef.id), shapes.get(flow.targetRef.id), flow, boxes, bands));
  }
  return bands;
}

/**
 * An orthogonal path from source to target: of a few candidate paths (straight, through the gap
 * before the target or after the source, out of the source's top or bottom, and for a flow going
 * back along a channel above or below both), the one crossing the fewest other shapes, then the
 * shortest.
 */
function route(s, t, flow, boxes, bands) {
  const c = b => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const sc = c(s);
  const tc = c(t);
  const right = b => b.x + b.width;
  const bottom = b => b.y + b.height;
  const candidates = [];
  if (tc.x > right(s)) {
    if (sc.y === tc.y) candidates.push([{ x: right(s), y: sc.y }, { x: t.x, y: tc.y }]);
    for (const x of [t.x - 25, right(s) + 25]) {
      candidates.push([{ x: right(s), y: sc.y }, { x, y: sc.y }, { x, y: tc.y }, { x: t.x, y: tc.y }]);
    }
    const outY = tc.y > sc.y ? bottom(s) : s.y;
    candidates.push([{ x: sc.x, y: outY }, { x: sc.x, y: tc.y }, { x: t.x, y: tc.y }]);
    const inY = tc.y > sc.y ? t.y : bottom(t);
    candidates.push([{ x: right(s), y: sc.y }, { x: tc.x, y: sc.y }, { x: tc.x, y: inY }]);
  }
  const channels = new Set();
  for (const band of bands) {
    channels.add(band.y + 12);
    channels.add(band.y + band.height - 12);
  }
  channels.add(Math.max(bottom(s), bottom(t)) + 25);
  channels.add(Math.min(s.y, t.y) - 25);
  for (const y of channels) {
    const fromS = y > sc.y ? bottom(s) : s.y;
    const intoT = y > tc.y ? bottom(t) : t.y;
    if ((y >= s.y && y <= bottom(s)) || (y >= t.y && y <= bottom(t))) continue;
    candidates.push([{ x: sc.x, y: fromS }, { x: sc.x, y }, { x: tc.x, y }, { x: tc.x, y: intoT }]);
  }
  let best;
  for (const path of candidates) {
    const others = boxes.filter(b => b.x !== s.x || b.y !== s.y).filter(b => b.x !== t.x || b.y !== t.y);
    const crossings = others.filter(b => path.some((p, i) => i > 0 && crosses(path[i - 1], p, b))).length;
    const length = path.reduce((sum, p, i) => (i ? sum + Math.abs(p.x - path[i - 1].x) + Math.abs(p.y - path[i - 1].y) : 0), 0);
    const score = crossings * 100000 + length + path.length * 40;
    if (!best || score < best.score) best = { score, path };
  }
  if (!best) throw new Error(`no path for flow ${flow.id}`);
  return best.path.map(p => ({ x: Math.round(p.x), y: Math.round(p.y) }));
}

/** Whether an axis-parallel segment passes through box `b` (with a small margin). */
function crosses(a, z, b) {
  const m = 6;
  const [x1, x2] = [Math.min(a.x, z.x), Math.max(a.x, z.x)];
  const [y1, y2] = [Math.min(a.y, z.y), Math.max(a.y, z.y)];
  return x2 > b.x - m && x1 < b.x + b.width + m && y2 > b.y - m && y1 < b.y + b.height + m;
}

function diagram(proc, shapes, edges, bands) {
  const out = [];
  const bounds = b => `<dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}"/>`;
  out.push(`  <bpmndi:BPMNDiagram id="BPMNDiagram_${proc.id}" ${NS}>`);
  out.push(`    <bpmndi:BPMNPlane id="BPMNPlane_${proc.id}" bpmnElement="${proc.id}">`);
  for (const band of bands) {
    out.push(`      <bpmndi:BPMNShape id="${band.id}_di" bpmnElement="${band.id}" isHorizontal="true">`);
    out.push(`        ${bounds(band)}`, '      </bpmndi:BPMNShape>');
  }
  for (const node of proc.flowElements.filter(e => shapes.has(e.id))) {
    const s = shapes.get(node.id);
    const marker = s.marker ? ' isMarkerVisible="true"' : '';
    out.push(`      <bpmndi:BPMNShape id="${node.id}_di" bpmnElement="${node.id}"${marker}>`);
    out.push(`        ${bounds(s)}`, '      </bpmndi:BPMNShape>');
  }
  for (const flow of proc.flowElements.filter(e => e.$type === 'bpmn:SequenceFlow')) {
    const points = edges.get(flow.id);
    if (!points) throw new Error(`no edge for flow ${flow.id}`);
    out.push(`      <bpmndi:BPMNEdge id="${flow.id}_di" bpmnElement="${flow.id}">`);
    for (const p of points) out.push(`        <di:waypoint x="${p.x}" y="${p.y}"/>`);
    out.push('      </bpmndi:BPMNEdge>');
  }
  out.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '');
  return out.join('\n');
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/layout-shipped.mjs FILE.bpmn20.xml...');
  process.exit(2);
}
for (const file of files) console.log(await layOut(file));
