// UI language: Japanese by default, English on request. Every UI string lives in src/locales.
import ja from '../locales/ja.json';
import en from '../locales/en.json';
import type { ErrorPayload, LocalizedText } from './bindings';

export type Locale = 'ja' | 'en';
type Messages = typeof ja;
export type MessageKey = keyof Messages;

const catalogs: Record<Locale, Messages> = { ja, en };
const STORAGE_KEY = 'hashira.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    // storage unavailable: use the default
  }
  return 'ja';
}

export const i18n = $state<{ locale: Locale }>({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  document.documentElement.lang = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this session
  }
}

/** The message `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[i18n.locale][key] ?? catalogs.ja[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Text from a question set in the current language, falling back to the other one. */
export function lt(text: LocalizedText | null | undefined): string {
  if (!text) return '';
  const first = i18n.locale === 'ja' ? text.ja : text.en;
  const second = i18n.locale === 'ja' ? text.en : text.ja;
  return first ?? second ?? '';
}

/** A stored RFC 3339 timestamp in the user's locale and time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function formatBytes(size: number | null | undefined): string {
  if (size == null) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

type Details = Record<string, unknown>;

function detailsOf(payload: ErrorPayload): Details {
  const details = payload.details;
  return details && typeof details === 'object' && !Array.isArray(details) ? (details as Details) : {};
}

/** One field of an error's details as text (lists joined with commas; missing = ''). */
export function detailText(details: Details, key: string): string {
  const value = details[key];
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

/**
 * What is wrong with an .xlsx file whose error has no `reason` but structured details (a missing
 * sheet, no header row, a size limit), or null. Shared by the error dialog and the import tables.
 */
export function xlsxFileProblem(payload: ErrorPayload): string | null {
  if (payload.code !== 'XLSX_INVALID') return null;
  const details = detailsOf(payload);
  const field = (key: string) => detailText(details, key);
  if ('found' in details) return t('import.missingSheet', { sheet: field('sheet'), found: field('found') });
  if ('expected' in details) return t('import.noHeader', { sheet: field('sheet'), expected: field('expected') });
  if ('limit' in details) return t('import.limit', { what: field('what'), actual: field('actual'), limit: field('limit') });
  return null;
}

/** A readable, localised sentence for an IPC error (never the raw JSON). */
export function errorMessage(payload: ErrorPayload): string {
  const key = `error.${payload.code}` as MessageKey;
  const details = detailsOf(payload);
  const params: Record<string, string> = {};
  for (const name of ['path', 'reason', 'question_id', 'choice_id', 'field', 'set_id', 'size', 'limit', 'found', 'supported', 'evidence_id', 'service', 'sets', 'name', 'number', 'existing']) {
    params[name] = detailText(details, name);
  }
  if (payload.code === 'WORKBOOK_NOT_FOUND' && !params.path) return t('error.NO_WORKBOOK_OPEN');
  // Errors whose details carry no `reason`: say what is wrong, never an empty "（）".
  if (!params.reason) {
    const problem = xlsxFileProblem(payload);
    if (problem) return t('error.fileProblem', { path: params.path, problem });
    if (payload.code === 'IMPORT_PROBLEMS' && Array.isArray(details.problems)) {
      return t('error.fileProblem', { path: params.path, problem: t('import.problems', { count: String(details.problems.length) }) });
    }
  }
  return key in catalogs.ja ? t(key, params) : payload.message;
}
