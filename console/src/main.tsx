import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { App } from './App';
import { Providers } from './Providers';
import { fromLegacyHash } from './routes';
import './styles.css';

// Links from the hash-routed console (`/#/records/contact/7`) still open the same screen.
const legacy = fromLegacyHash(window.location.hash);
if (legacy) window.history.replaceState(null, '', legacy);

createRoot(document.getElementById('root')!).render(<StrictMode><Providers><App /></Providers></StrictMode>);
