// Starts the export worker thread: TypeScript runs through tsx, as `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
await import('./exportWorker.ts');
