/** The extensions every page screen mounts, in the order their parts appear. */
import type { PageExtensionFactory } from './pageExtensions.js';
import { historyExtension } from './history/historyExtension.js';
import { statusExtension } from './pageStatus.js';
import { labelsExtension } from './labels.js';
import { watchExtension } from './watch.js';
import { commentsExtension } from './comments/commentsExtension.js';
import { findTextExtension } from './findText.js';
import { exportExtension } from './exportPanel.js';
import { filesExtension } from './files/filesExtension.js';

export const PAGE_EXTENSIONS: PageExtensionFactory[] = [statusExtension, labelsExtension, historyExtension, commentsExtension, filesExtension, watchExtension, exportExtension, findTextExtension];
