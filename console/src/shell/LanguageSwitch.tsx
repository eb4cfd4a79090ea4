import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { ru: 'Русский', en: 'English' };

/** Switches the console's language; i18next keeps the choice in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('nav.language')}
      data-testid="language"
      value={currentLanguage()}
      onChange={lng => void i18n.changeLanguage(lng)}
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={(Object.keys(NAMES) as Language[]).map(l => ({ value: l, label: NAMES[l] }))}
      variant="borderless"
    />
  );
}
