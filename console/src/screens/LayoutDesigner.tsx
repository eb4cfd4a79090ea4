import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Radio, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardSection } from '../api/types';
import type { EntityDoc } from './Designer';

const REST = '__rest';

/** Moves `field` to the end of section `to` (an index, or REST to leave it out of every section). */
export function moveField(sections: CardSection[], field: string, to: number | typeof REST): CardSection[] {
  const without = sections.map(s => ({ ...s, fields: s.fields.filter(f => f !== field) }));
  return to === REST ? without : without.map((s, i) => (i === to ? { ...s, fields: [...s.fields, field] } : s));
}

/**
 * The card's layout: sections with a title and one or two columns; fields are dragged between them
 * (pointer or keyboard). Fields no section names are shown after the sections on the card.
 */
export function LayoutDesigner({ doc, onChange }: { doc: EntityDoc; onChange: (doc: EntityDoc) => void }) {
  const { t } = useTranslation();
  const sections = doc.layout?.sections ?? [];
  const placed = new Set(sections.flatMap(s => s.fields));
  const rest = doc.fields.map(f => f.name).filter(n => !placed.has(n));
  const label = (name: string) => doc.fields.find(f => f.name === name)?.label ?? name;
  const set = (next: CardSection[]) => onChange({ ...doc, layout: { sections: next } });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));

  function onDragEnd(e: DragEndEvent) {
    if (!e.over) return;
    const to = e.over.id === REST ? REST : Number(String(e.over.id).replace('section-', ''));
    set(moveField(sections, String(e.active.id), to));
  }

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: t('designer.layoutDragHelp') } }}>
      <Typography.Paragraph type="secondary">{t('designer.layoutHint')}</Typography.Paragraph>
      <Flex vertical gap="small">
        {sections.map((s, i) => (
          <Zone key={i} id={`section-${i}`} testId="layout-section">
            <Flex gap="small" align="center" wrap>
              <Input aria-label={t('designer.sectionTitle')} placeholder={t('designer.sectionTitle')} value={s.title ?? ''} className="bulk-select"
                     onChange={e => set(sections.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} />
              <Radio.Group optionType="button" size="small" value={s.columns ?? 1} aria-label={t('designer.columns')}
                           onChange={e => set(sections.map((x, j) => (j === i ? { ...x, columns: e.target.value as number } : x)))}
                           options={[{ value: 1, label: t('designer.oneColumn') }, { value: 2, label: t('designer.twoColumns') }]} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.removeSection')}
                      onClick={() => set(sections.filter((_, j) => j !== i))} />
            </Flex>
            <Flex gap="small" wrap className="layout-fields">
              {s.fields.map(f => <Chip key={f} name={f} label={label(f)} />)}
              {s.fields.length === 0 && <Typography.Text type="secondary">{t('designer.dropHere')}</Typography.Text>}
            </Flex>
          </Zone>
        ))}
        <Zone id={REST} testId="layout-rest">
          <Typography.Text type="secondary">{t('designer.unplaced')}</Typography.Text>
          <Flex gap="small" wrap className="layout-fields">{rest.map(f => <Chip key={f} name={f} label={label(f)} />)}</Flex>
        </Zone>
        <Button icon={<PlusOutlined />} onClick={() => set([...sections, { title: '', columns: 1, fields: [] }])} data-testid="layout-add-section">
          {t('designer.addSection')}
        </Button>
      </Flex>
    </DndContext>
  );
}

function Zone({ id, testId, children }: { id: string; testId: string; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div ref={setNodeRef} data-testid={testId}>
      <Card size="small" className={isOver ? 'layout-zone over' : 'layout-zone'}>{children}</Card>
    </div>
  );
}

function Chip({ name, label }: { name: string; label: string }) {
  const { attributes, listeners, setNodeRef, transform } = useDraggable({ id: name });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10, position: 'relative' as const } : undefined;
  return (
    <span ref={setNodeRef} style={style} {...listeners} {...attributes} data-testid="layout-field" data-field={name}>
      <Tag className="layout-chip">{label}</Tag>
    </span>
  );
}
