import { lifecycleHooks, resourceCatalog } from '@trigger.dev/core/v3';
import { StandardLifecycleHooksManager, StandardResourceCatalog } from '@trigger.dev/core/v3/workers';

/**
 * Installs the SDK's own resource catalog and lifecycle-hook manager, as the Trigger.dev worker does before it
 * loads task files, so tasks registered by `toTriggerTask` can be read back and run offline.
 */
export function installTriggerCatalog(filePath = 'src/trigger/tasks.ts'): StandardResourceCatalog {
  const catalog = new StandardResourceCatalog();
  resourceCatalog.setGlobalResourceCatalog(catalog);
  lifecycleHooks.setGlobalLifecycleHooksManager(new StandardLifecycleHooksManager());
  catalog.setCurrentFileContext(filePath, 'tasks');
  return catalog;
}

export { lifecycleHooks, resourceCatalog };
