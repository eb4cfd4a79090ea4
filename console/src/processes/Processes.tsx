import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Problem, toProblem } from '../api/problem';
import { href } from '../routes';
import { ProblemBanner, QueryProblem } from '../ui';
import { type ProcessDefinitionVersions, type ProcessModel, processApi, processKeys } from './api';

/** `/processes`: the models (drafts) and the deployed processes with their versions. */
export function Processes() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const models = useQuery({ queryKey: processKeys.models(), queryFn: processApi.models });
  const definitions = useQuery({ queryKey: processKeys.definitions(), queryFn: processApi.definitions });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [importing, setImporting] = useState(false);

  // The file goes to the server as it is, byte for byte: that is what an unedited export gives back.
  const importFile = async (file: File) => {
    setImporting(true);
    setProblem(null);
    try {
      const model = await processApi.create(new Uint8Array(await file.arrayBuffer()));
      client.invalidateQueries({ queryKey: processKeys.models(), exact: true });
      navigate(href.process(model.id));
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setImporting(false);
    }
  };

  return (
    <section data-testid="processes">
      <Flex align="center" gap="middle" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('processes.title')}</Typography.Title>
        <Link to={href.process('new')}><Button type="primary" icon={<PlusOutlined />} data-testid="process-new">{t('processes.new')}</Button></Link>
        <Upload accept=".bpmn,.xml,application/xml,text/xml" showUploadList={false} data-testid="process-import"
          beforeUpload={file => { importFile(file); return false; }}>
          <Button icon={<ImportOutlined />} loading={importing} data-testid="process-import-button">{t('processes.import')}</Button>
        </Upload>
      </Flex>
      <ProblemBanner problem={problem} />
      <QueryProblem error={models.error ?? definitions.error} />
      <Card size="small" title={t('processes.models')} className="process-card">
        <Table<ProcessModel> size="small" rowKey="id" pagination={false} loading={models.isPending} dataSource={models.data ?? []}
          data-testid="process-models" locale={{ emptyText: t('processes.noModels') }}
          onRow={m => ({ 'data-testid': 'process-model-row', 'data-key': m.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('processes.name'), render: (_, m) => <Link to={href.process(m.id)}>{m.name || m.key}</Link> },
            { key: 'key', title: t('processes.key'), render: (_, m) => <code>{m.key}</code> },
            { key: 'rev', title: t('processes.revisionColumn'), render: (_, m) => m.revision },
            { key: 'state', title: t('processes.state'), render: (_, m) => <ModelState model={m} /> },
            { key: 'saved', title: t('processes.savedAt'), render: (_, m) => `${new Date(m.savedAt).toLocaleString()} · ${m.savedBy}` },
          ]} />
      </Card>
      <Card size="small" title={t('processes.definitions')} className="process-card">
        <Table<ProcessDefinitionVersions> size="small" rowKey="key" pagination={false} loading={definitions.isPending}
          dataSource={definitions.data ?? []} data-testid="process-definitions" locale={{ emptyText: t('processes.notDeployed') }}
          columns={[
            { key: 'name', title: t('processes.name'), render: (_, d) => d.name || d.key },
            { key: 'key', title: t('processes.key'), render: (_, d) => <code>{d.key}</code> },
            {
              key: 'versions', title: t('processes.versions'), render: (_, d) => (
                <Flex gap={4} wrap>
                  {d.versions.map(v => (
                    <Tag key={v.id} title={v.deployedAt ? new Date(v.deployedAt).toLocaleString() : undefined}>
                      {t('processes.versionTag', { version: v.version, count: v.instances })}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]} />
      </Card>
    </section>
  );
}

function ModelState({ model }: { model: ProcessModel }) {
  const { t } = useTranslation();
  const errors = model.findings.filter(f => f.severity === 'error').length;
  return (
    <Flex gap={4} wrap>
      {model.deployedDefinitionId ? <Tag color="green">{t('processes.isDeployed')}</Tag> : <Tag>{t('processes.draft')}</Tag>}
      {errors > 0 && <Tag color="red">{t('processes.errors', { count: errors })}</Tag>}
    </Flex>
  );
}
