import type { contactsEn } from './contacts.en.ts';
import { contactsEn as base } from './contacts.en.ts';

/** TEMPORARY */
export const contactsIt: typeof contactsEn = base;
