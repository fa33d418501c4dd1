/** Quire's client entry: start offline support and the app shell. */
// First, before anything builds a zod schema (see the module).
import './zodJitless.js';
import './styles.css';
import { registerServiceWorker } from './offline.js';
import { App } from './ui/app.js';

registerServiceWorker();
void new App(document.getElementById('app')!).start();
