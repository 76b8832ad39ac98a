import { indexLinksByCreated } from './001-index-links-by-created.ts';
import type { Migration } from './migration.ts';

/** Every migration, oldest first. Append only: an applied migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [indexLinksByCreated];
