import { DatataskError, ErrorCode } from './errors.js';

/**
 * Imports an optional peer dependency on first use. A missing package fails with DRIVER_NOT_INSTALLED naming the
 * package to install; any other load error keeps its cause.
 */
export async function loadDriver<T>(packageName: string, injected?: T): Promise<T> {
  if (injected !== undefined) return injected;
  try {
    const mod = (await import(packageName)) as T & { default?: T };
    // CJS drivers arrive under `default` when imported from ESM.
    return (mod.default ?? mod) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new DatataskError(
        ErrorCode.DRIVER_NOT_INSTALLED,
        `The database driver "${packageName}" is not installed. Install it with: npm install ${packageName}`,
        { cause: error, details: { package: packageName } },
      );
    }
    throw new DatataskError(ErrorCode.INTERNAL, `Loading "${packageName}" failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
