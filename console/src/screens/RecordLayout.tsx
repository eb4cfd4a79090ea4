import { Col, Descriptions, Divider, Row } from 'antd';
import type { ReactNode } from 'react';
import type { Entity, Field } from '../api/types';
import type { Input, Inputs } from '../fields/values';
import { FieldForm } from '../ui';

interface Section {
  title?: string;
  columns: 1 | 2;
  fields: Field[];
}

/**
 * The entity's layout (`"layout":{"sections":[{"title","columns","fields"}]}`) applied to `fields`:
 * each section keeps its order; fields no section names follow in one untitled section, so a
 * field added later is never hidden. Without a layout, one section of everything.
 */
export function layoutSections(entity: Entity, fields: Field[]): Section[] {
  const layout = (entity as { layout?: { sections?: { title?: string; columns?: number; fields?: string[] }[] } }).layout;
  const byName = new Map(fields.map(f => [f.name, f]));
  const sections: Section[] = [];
  for (const s of layout?.sections ?? []) {
    const own = (s.fields ?? []).map(n => byName.get(n)).filter((f): f is Field => Boolean(f));
    own.forEach(f => byName.delete(f.name));
    if (own.length) sections.push({ title: s.title, columns: s.columns === 2 ? 2 : 1, fields: own });
  }
  const rest = fields.filter(f => byName.has(f.name));
  if (rest.length) sections.push({ columns: sections.length ? 1 : 2, fields: rest });
  return sections;
}

export function LayoutForm({ entity, fields, inputs, errors, onChange }: {
  entity: Entity;
  fields: Field[];
  inputs: Inputs;
  errors: Record<string, string[]>;
  onChange: (name: string, input: Input) => void;
}) {
  return (
    <>
      {layoutSections(entity, fields).map((s, i) => (
        <div key={i}>
          {s.title && <Divider titlePlacement="start">{s.title}</Divider>}
          <Row gutter={24}>
            {split(s).map((column, c) => (
              <Col key={c} xs={24} md={24 / s.columns}>
                <FieldForm fields={column} inputs={inputs} errors={errors} onChange={onChange} />
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </>
  );
}

export function LayoutView({ entity, fields, render }: {
  entity: Entity;
  fields: Field[];
  render: (field: Field) => ReactNode;
}) {
  return (
    <>
      {layoutSections(entity, fields).map((s, i) => (
        <Descriptions key={i} title={s.title} column={{ xs: 1, md: s.columns }} size="small" bordered className="values"
          items={s.fields.map(f => ({ key: f.name, label: f.label, children: render(f) }))} />
      ))}
    </>
  );
}

function split(s: Section): Field[][] {
  if (s.columns === 1) return [s.fields];
  const half = Math.ceil(s.fields.length / 2);
  return [s.fields.slice(0, half), s.fields.slice(half)];
}
