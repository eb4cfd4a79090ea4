import { CloudUploadOutlined, DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import { keys, useEntitiesQuery } from '../api/queries';
import { href } from '../routes';
import { ProblemBanner } from '../ui';
import { type ActionDescriptor, type ProcessFinding, type ProcessModel, processApi, processKeys } from './api';
import { blankModel, processKey } from './bpmn';
import { createModeler, showFindings, type Shape, type VoronkaModeler } from './modeler';
import { VoronkaPanel } from './VoronkaPanel';

/** `/processes/:id`: the modeler of a stored model; `/processes/new`: a new one. */
export function ProcessModeler() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { t } = useTranslation();
  const actions = useQuery({ queryKey: processKeys.actions(), queryFn: processApi.actions, staleTime: 60_000 });
  const model = useQuery({ queryKey: processKeys.model(id ?? 'new'), queryFn: () => processApi.model(id!), enabled: !isNew });
  const xml = useQuery({
    queryKey: [...processKeys.model(id ?? 'new'), 'xml', model.data?.revision],
    queryFn: async () => (await processApi.xml(id!)).text(),
    enabled: !isNew && !!model.data,
  });
  const error = actions.error ?? model.error ?? xml.error;
  if (error) return <ProblemBanner problem={toProblem(error)} />;
  if (!actions.data || (!isNew && (!model.data || xml.data === undefined))) return <Typography.Text>{t('common.loading')}</Typography.Text>;
  return <Designer key={id ?? 'new'} model={isNew ? null : model.data!} xml={isNew ? null : xml.data!} actions={actions.data} />;
}

function Designer({ model: initial, xml, actions }: { model: ProcessModel | null; xml: string | null; actions: ActionDescriptor[] }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [modeler, setModeler] = useState<VoronkaModeler | null>(null);
  const [model, setModel] = useState<ProcessModel | null>(initial);
  const [findings, setFindings] = useState<ProcessFinding[]>(initial?.findings ?? []);
  const [selected, setSelected] = useState<Shape | null>(null);
  const [, setChanges] = useState(0);
  const [edited, setEdited] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<'save' | 'deploy' | 'export' | null>(null);
  const [name, setName] = useState(initial?.name ?? '');
  const drawn = useRef<string[]>([]);
  const fallbackKey = useRef(Date.now().toString(36));
  const entities = useEntitiesQuery();
  const users = useQuery({ queryKey: keys.users(), queryFn: api.users });
  const taskForms = useQuery({ queryKey: keys.taskForms(), queryFn: api.taskForms });
  const definitions = useQuery({ queryKey: processKeys.definitions(), queryFn: processApi.definitions });

  // bpmn-js owns the two divs; React only mounts and unmounts it.
  useEffect(() => {
    const m = createModeler(canvasRef.current!, panelRef.current!, actions);
    // Scripts and browser tests reach the modeling API from the page through the canvas element.
    (canvasRef.current as unknown as { bpmnjs?: VoronkaModeler }).bpmnjs = m;
    let live = true;
    const bus = m.get('eventBus');
    bus.on('selection.changed', (e: { newSelection: Shape[] }) => setSelected(e.newSelection.length === 1 ? e.newSelection[0] : null));
    bus.on('commandStack.changed', (e: { trigger?: string }) => {
      if (e.trigger === 'clear') return;
      setEdited(true);
      setChanges(c => c + 1);
    });
    bus.on('elements.changed', () => setChanges(c => c + 1));
    m.importXML(xml ?? blankModel(processKey('', fallbackKey.current), '')).then(() => {
      if (!live) return;
      const canvas = m.get('canvas') as unknown as { zoom(z: string): void; scroll(d: { dx: number; dy: number }): void };
      canvas.zoom('fit-viewport');
      canvas.scroll({ dx: 60, dy: 0 }); // clear of the palette, which floats over the canvas's left edge
      setModeler(m);
      setEdited(false);
    }, err => live && setProblem({ title: t('processes.importFailed'), status: 0, detail: String(err?.message ?? err), errors: [] }));
    return () => { live = false; m.destroy(); };
  }, [actions, xml, t]);

  useEffect(() => {
    if (modeler) drawn.current = showFindings({ overlays: modeler.get('overlays'), canvas: modeler.get('canvas'), elementRegistry: modeler.get('elementRegistry') }, findings, drawn.current);
  }, [modeler, findings]);

  const save = useCallback(async () => {
    if (!modeler) return;
    setBusy('save');
    setProblem(null);
    try {
      const { xml: out } = await modeler.saveXML({ format: true });
      const saved = model ? await processApi.update(model.id, out!) : await processApi.create(out!);
      setModel(saved);
      setFindings(saved.findings);
      setEdited(false);
      client.invalidateQueries({ queryKey: processKeys.models() });
      message.success(t('processes.saved', { revision: saved.revision }));
      if (!model) navigate(href.process(saved.id), { replace: true });
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(null);
    }
  }, [modeler, model, client, message, t, navigate]);

  const deploy = async () => {
    if (!model) return;
    setBusy('deploy');
    setProblem(null);
    try {
      const deployed = await processApi.deploy(model.id);
      setFindings(deployed.findings);
      setModel({ ...model, deployedDefinitionId: deployed.definitionId });
      client.invalidateQueries({ queryKey: processKeys.definitions() });
      client.invalidateQueries({ queryKey: processKeys.models() });
      message.success(t('processes.deployed', { version: deployed.version }));
    } catch (err) {
      const p = toProblem(err);
      // A refused deployment names each element and the finding's code: show them on the diagram.
      if (p.status === 422 && p.errors.length) {
        setFindings(p.errors.map(e => ({ elementId: e.field, severity: 'error', code: e.rule ?? 'deploy', message: e.message })));
      }
      setProblem(p);
    } finally {
      setBusy(null);
    }
  };

  /** Unedited, the file is the stored bytes; edited, bpmn-js's serialisation of the edit. */
  const exportFile = async () => {
    if (!modeler) return;
    setBusy('export');
    try {
      const blob = model && !edited ? await processApi.xml(model.id)
        : new Blob([(await modeler.saveXML({ format: true })).xml!], { type: 'application/xml' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${model?.key ?? 'process'}.bpmn`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(null);
    }
  };

  const rename = (value: string) => {
    setName(value);
    if (!modeler) return;
    const root = modeler.get('canvas').getRootElement();
    if (root.businessObject.$type === 'bpmn:Process') {
      modeler.get('modeling').updateProperties(root, { name: value, id: processKey(value, fallbackKey.current) });
    }
  };

  const focus = (finding: ProcessFinding) => {
    const element = modeler?.get('elementRegistry').get(finding.elementId);
    if (!modeler || !element) return;
    modeler.get('selection').select(element);
    modeler.get('canvas').scrollToElement(element);
  };

  const versions = definitions.data?.find(d => d.key === model?.key)?.versions ?? [];
  return (
    <section className="process-designer" data-testid="process-designer" data-model-id={model?.id ?? ''} data-edited={String(edited)}>
      <Flex align="center" gap="middle" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{model ? t('processes.modelTitle', { key: model.key }) : t('processes.new')}</Typography.Title>
        {model && <Tag data-testid="process-revision">{t('processes.revision', { revision: model.revision })}</Tag>}
        {edited && <Tag color="orange" data-testid="process-edited">{t('processes.edited')}</Tag>}
      </Flex>
      <Flex gap="small" wrap align="center" className="process-toolbar">
        {!model && (
          <Input aria-label={t('processes.name')} placeholder={t('processes.name')} value={name} onChange={e => rename(e.target.value)}
            style={{ width: 260 }} data-testid="process-name" />
        )}
        <Button type="primary" icon={<SaveOutlined />} onClick={save} loading={busy === 'save'} disabled={!modeler} data-testid="process-save">
          {t('processes.save')}
        </Button>
        <Button icon={<CloudUploadOutlined />} onClick={deploy} loading={busy === 'deploy'} disabled={!model || edited}
          title={edited ? t('processes.saveFirst') : undefined} data-testid="process-deploy">
          {t('processes.deploy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={exportFile} loading={busy === 'export'} disabled={!modeler} data-testid="process-export">
          {t('processes.export')}
        </Button>
      </Flex>
      <ProblemBanner problem={problem} />
      <div className="process-workspace">
        <div className="process-canvas" ref={canvasRef} data-testid="process-canvas" aria-label={t('processes.canvas')} role="application" />
        <aside className="process-sidebar" aria-label={t('processes.properties')}>
          {modeler && (
            <VoronkaPanel modeler={modeler} element={selected} entities={entities.data ?? []} actions={actions} users={users.data ?? []}
                         taskForms={taskForms.data ?? []} />
          )}
          <div ref={panelRef} className="process-properties" />
        </aside>
      </div>
      <Flex gap="middle" wrap align="start">
        <Card size="small" title={t('processes.findings')} style={{ flex: '1 1 420px' }}>
          {!model && findings.length === 0 && <Typography.Text type="secondary">{t('processes.notChecked')}</Typography.Text>}
          {model && findings.length === 0
            ? <Alert type="success" showIcon message={t('processes.noFindings')} data-testid="findings-none" />
            : findings.length > 0 && (
              <List size="small" data-testid="findings" dataSource={findings} renderItem={f => (
                <List.Item data-testid="finding" data-element-id={f.elementId} data-code={f.code}>
                  <Space align="start">
                    <Tag color={f.severity === 'error' ? 'red' : 'gold'}>{t(`processes.severity.${f.severity}`)}</Tag>
                    <Button type="link" size="small" onClick={() => focus(f)} disabled={!modeler?.get('elementRegistry').get(f.elementId)}>
                      {f.elementId}
                    </Button>
                    <span>{f.message}</span>
                  </Space>
                </List.Item>
              )} />
            )}
        </Card>
        {model && (
          <Card size="small" title={t('processes.versions')} style={{ flex: '1 1 320px' }}>
            <Table size="small" rowKey="id" pagination={false} dataSource={versions} data-testid="process-versions"
              locale={{ emptyText: t('processes.notDeployed') }}
              columns={[
                { key: 'v', title: t('processes.version'), render: (_, v) => `v${v.version}` },
                { key: 'at', title: t('processes.deployedAt'), render: (_, v) => (v.deployedAt ? new Date(v.deployedAt).toLocaleString() : '') },
                { key: 'n', title: t('processes.instances'), render: (_, v) => v.instances },
              ]} />
          </Card>
        )}
      </Flex>
    </section>
  );
}
