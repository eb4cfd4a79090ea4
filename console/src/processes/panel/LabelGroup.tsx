import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Shape } from '../modeler';
import { type Ctx, services } from './context';
import { elementLabel, LABEL_LANGUAGES, setElementLabel } from './model';

/**
 * An element's name in each of the console's languages. BPMN gives an element one name, so the
 * others are voronka:labels: a lane's name is its stage's on the pipeline board, a user task's is
 * what the inbox and the card show (it may hold ${...} as the task's name may). The reader sees
 * their language's, else the element's name.
 */
export function LabelGroup({ ctx, element, kind }: { ctx: Ctx; element: Shape; kind: 'lane' | 'task' }) {
  const { t } = useTranslation();
  const bo = element.businessObject;
  return (
    <>
      {LABEL_LANGUAGES.map((lang, i) => (
        <Form.Item key={lang} label={t(`processes.${kind}.label.${lang}`)} htmlFor={`${kind}-label-${lang}`}
                   help={i === 0 ? t(`processes.${kind}.labelHelp`) : undefined}>
          <Input id={`${kind}-label-${lang}`} data-testid={`${kind}-label-${lang}`} lang={lang} defaultValue={elementLabel(bo, lang)}
                 maxLength={200} placeholder={bo.name}
                 onBlur={e => { if (e.target.value.trim() !== (elementLabel(bo, lang) ?? '')) setElementLabel(services(ctx.modeler), element, lang, e.target.value); }} />
        </Form.Item>
      ))}
    </>
  );
}
