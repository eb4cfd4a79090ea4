import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/ru';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { newQueryClient } from './api/queries';
import { currentLanguage } from './i18n';

/** Everything a screen relies on: server state, routing, and antd/dayjs in the user's language. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(newQueryClient);
  return (
    <QueryClientProvider client={client}>
      <LocaleProvider>
        <BrowserRouter>{children}</BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}

function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const lang = currentLanguage();
  useEffect(() => {
    dayjs.locale(lang === 'ru' ? 'ru' : 'en-gb');
    document.documentElement.lang = lang;
  }, [lang, i18n.language]);
  return (
    <ConfigProvider locale={lang === 'ru' ? ruRU : enUS}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
