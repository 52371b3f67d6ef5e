import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so that start-up does not depend on the working directory. */
export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const contentPath = (...parts: string[]) => path.join(rootDir, 'content', ...parts);
