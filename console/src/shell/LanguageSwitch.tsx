import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, setLanguage } from '../i18n';

const NAMES: Record<Language, string> = { ru: 'Русский', en: 'English' };

/** Switches the console's language; the choice is kept in localStorage (`voronka.language`). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('nav.language')}
      data-testid="language"
      value={currentLanguage()}
      onChange={setLanguage}
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={(Object.keys(NAMES) as Language[]).map(l => ({ value: l, label: NAMES[l] }))}
      variant="borderless"
    />
  );
}
