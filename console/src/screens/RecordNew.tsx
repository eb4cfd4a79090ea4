import { useMutation } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Space, Typography } from 'antd';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { fieldMessages, toProblem } from '../api/problem';
import type { Values } from '../api/types';
import { useEntity } from '../entities';
import { pluralLabel } from '../fields/format';
import { editableFields, type Inputs, toInputs, valuesToCreate } from '../fields/values';
import { href } from '../routes';
import { LayoutForm } from './RecordLayout';
import { ProblemBanner } from '../ui';

export function RecordNew() {
  const { entity: name = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const entity = useEntity(name);
  const fields = editableFields(entity?.fields ?? []);
  const [preset] = useSearchParams();
  // Fields named in the address start filled: a record created from another's card links back to it.
  const [inputs, setInputs] = useState<Inputs>(() => {
    const start = toInputs(fields);
    for (const f of fields) {
      const v = preset.get(f.name);
      if (v !== null) start[f.name] = f.type === 'links' ? [v] : v;
    }
    return start;
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const create = useMutation({
    mutationFn: (values: Values) => api.createRecord(name, values),
    onSuccess: record => navigate(href.card(name, record.id)),
    onError: err => setErrors(fieldMessages(toProblem(err))),
  });
  if (!entity) return <ProblemBanner problem={{ title: t('common.unknownEntity', { name }), status: 404, errors: [] }} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const { values, errors: invalid } = valuesToCreate(fields, inputs);
    setErrors(invalid);
    if (Object.keys(invalid).length === 0) create.mutate(values);
  }

  return (
    <section>
      <Breadcrumb items={[{ title: <Link to={href.list(name)}>{pluralLabel(entity)}</Link> }, { title: t('record.new') }]} />
      <Typography.Title level={2}>{t('record.newOf', { entity: entity.label })}</Typography.Title>
      <Card>
        <form onSubmit={submit} data-testid="record-form" noValidate>
          {create.error && <ProblemBanner problem={toProblem(create.error)} fields={fields.map(f => f.name)} />}
          <LayoutForm entity={entity} fields={fields} inputs={inputs} errors={errors}
                      onChange={(n, v) => setInputs(i => ({ ...i, [n]: v }))} />
          <Space>
            <Button type="primary" htmlType="submit" data-testid="record-submit" loading={create.isPending}>{t('common.create')}</Button>
            <Button onClick={() => navigate(href.list(name))}>{t('common.cancel')}</Button>
          </Space>
        </form>
      </Card>
    </section>
  );
}
