import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Shape } from '../modeler';
import { type Ctx, services } from './context';
import { LANE_LANGUAGES, laneLabel, setLaneLabel } from './model';

/**
 * A lane is a stage of the pipeline: its name shows on the board. BPMN gives an element one name,
 * so the stage's name in each of the console's languages is a voronka:label; the board shows the
 * reader's, else the lane's name.
 */
export function LaneGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const bo = element.businessObject;
  return (
    <>
      {LANE_LANGUAGES.map((lang, i) => (
        <Form.Item key={lang} label={t(`processes.lane.label.${lang}`)} htmlFor={`lane-label-${lang}`}
                   help={i === 0 ? t('processes.lane.help') : undefined}>
          <Input id={`lane-label-${lang}`} data-testid={`lane-label-${lang}`} defaultValue={laneLabel(bo, lang)} maxLength={100}
                 placeholder={bo.name}
                 onBlur={e => { if (e.target.value.trim() !== (laneLabel(bo, lang) ?? '')) setLaneLabel(services(ctx.modeler), element, lang, e.target.value); }} />
        </Form.Item>
      ))}
    </>
  );
}
