import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { layOut } from './autoLayout';
import type { Marked } from './markers';
import './process.css';

/**
 * A BPMN diagram, read only (bpmn-js's NavigatedViewer: pan with the mouse or the arrow keys, zoom
 * with the wheel or Ctrl +/-), with marks as canvas markers. The picture is not readable by a
 * screen reader, so every screen that shows one lists the same marks as text beside it.
 * `onDefinitions` receives the parsed document (for the version diff). A document without diagram
 * interchange is laid out ({@link layOut}: bpmn-auto-layout on a copy with each node's flows listed
 * on it), so element ids stay those of the deployed document.
 */
export function BpmnDiagram({ xml, marks, label, testId, onDefinitions }: {
  xml: string;
  marks: Marked[];
  label: string;
  testId?: string;
  onDefinitions?: (definitions: unknown) => void;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(0);

  useEffect(() => {
    const v = new NavigatedViewer({ container: container.current!, keyboard: { bindTo: container.current! } });
    viewer.current = v;
    let live = true;
    // A document without diagram interchange (hand-written, like the shipped processes) is laid out first.
    const drawable = /<([\w-]+:)?BPMNDiagram[\s>]/.test(xml) ? Promise.resolve(xml) : layOut(xml);
    drawable.then(x => v.importXML(x)).then(() => {
      if (!live) return;
      (v.get('canvas') as { zoom: (to: string) => void }).zoom('fit-viewport');
      onDefinitions?.(v.getDefinitions());
      setError(null);
      setReady(r => r + 1);
    }).catch((e: Error) => { if (live) setError(e.message); });
    return () => { live = false; v.destroy(); viewer.current = null; };
    // onDefinitions is a callback for the first import only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xml]);

  useEffect(() => {
    const v = viewer.current;
    if (!v || ready === 0) return;
    const canvas = v.get('canvas') as { addMarker: (id: string, c: string) => void; removeMarker: (id: string, c: string) => void };
    const registry = v.get('elementRegistry') as { get: (id: string) => unknown };
    const placed = marks.filter(m => registry.get(m.id));
    placed.forEach(m => canvas.addMarker(m.id, `mark-${m.mark}`));
    return () => placed.forEach(m => canvas.removeMarker(m.id, `mark-${m.mark}`));
  }, [marks, ready]);

  return (
    <figure className="bpmn-figure">
      {error && <Alert type="error" showIcon role="alert" message={t('processOps.diagramError', { error })} />}
      <div ref={container} className="bpmn-canvas" tabIndex={0} role="img" aria-label={label} data-testid={testId}
           data-ready={ready > 0 ? 'true' : 'false'} />
    </figure>
  );
}
