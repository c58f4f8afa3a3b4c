import { mount } from 'svelte';
import { loadLocale, locale } from './i18n';
import App from './ui/App.svelte';
import UpdateBanner from './ui/components/UpdateBanner.svelte';
import { startOffline } from './ui/offline';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Layer Lab into');

// The chosen language's words first (Chinese loads on demand), then the page.
await loadLocale(locale()).catch(() => undefined);
const app = mount(App, { target });
// The "new version ready" notice floats over the page, outside the app's layout.
mount(UpdateBanner, { target: document.body });
// Offline support (service worker, update path): never allowed to stop the app from starting.
startOffline();

export default app;
