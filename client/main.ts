/** Quire's client entry: start offline support and the app shell. */
import './styles.css';
import { registerServiceWorker } from './offline.js';
import { App } from './ui/app.js';

registerServiceWorker();
void new App(document.getElementById('app')!).start();
