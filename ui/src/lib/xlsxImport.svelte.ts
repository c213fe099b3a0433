// One import as the Excel, WG and WA Tool screens run it: a path (and a screen's own options), a
// dry run whose plan is shown, and that same import applied only on confirmation. Problems found in the file (by sheet, row and
// column, or a sheet that is missing or unreadable) become rows of a table, not the error dialog.
import { IpcError } from './api';
import type { ErrorPayload } from './bindings';
import { detailText, errorMessage, xlsxFileProblem } from './i18n.svelte';
import { showError } from './store.svelte';

/**
 * One problem found in the file: by sheet, row and column for an Excel file (`row` is null when
 * it is about the whole file or sheet), by file and JSON path for the WA Tool's JSON.
 */
export type ImportProblem = { sheet: string; row: number | null; column: string; header: string; file: string; path: string; message: string };

type Details = Record<string, unknown>;
const text = detailText;

/** The row of a problem about the whole file or one sheet (XLSX_INVALID, INVALID_WG, WG_SERVICE_MISSING). */
function fileProblem(payload: ErrorPayload, details: Details): ImportProblem {
  return { sheet: text(details, 'sheet'), row: null, column: '', header: '', file: '', path: '', message: xlsxFileProblem(payload) ?? errorMessage(payload) };
}

/**
 * The problems an import failure reports about the file, or null when the failure is not about
 * the file (a locked workbook, a disk error…), which goes to the error dialog instead.
 */
export function importProblems(error: unknown): ImportProblem[] | null {
  if (!(error instanceof IpcError)) return null;
  const payload = error.payload;
  const raw = payload.details;
  const details: Details = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Details) : {};
  if (payload.code === 'IMPORT_PROBLEMS' && Array.isArray(details.problems)) {
    return details.problems.map((p) => {
      const problem: Details = p && typeof p === 'object' ? (p as Details) : {};
      return {
        sheet: text(problem, 'sheet'),
        row: typeof problem.row === 'number' ? problem.row : null,
        column: text(problem, 'column'),
        header: text(problem, 'header'),
        file: text(problem, 'file'),
        path: text(problem, 'path'),
        message: text(problem, 'message'),
      };
    });
  }
  if (payload.code === 'XLSX_INVALID' || payload.code === 'INVALID_WG' || payload.code === 'WG_SERVICE_MISSING') {
    return [fileProblem(payload, details)];
  }
  return null;
}

/** What the shared import form reads and drives, whatever the plan and the options. */
export type XlsxImportFields = Pick<XlsxImport<unknown>, 'path' | 'importing' | 'problems' | 'preview'>;

/**
 * The fingerprint a previewed plan carries (`plan_sha256`), or null for an import without one:
 * applying passes it back so the core refuses a plan that changed since it was shown.
 */
function fingerprintOf(plan: unknown): string | null {
  const value = plan && typeof plan === 'object' ? (plan as Record<string, unknown>).plan_sha256 : null;
  return typeof value === 'string' ? value : null;
}

/** The one import command: `expectPlan` is null for the dry run, the previewed plan's fingerprint to apply. */
type ImportRun<Plan, Options> = (path: string, dryRun: boolean, options: Options, expectPlan: string | null) => Promise<Plan>;

export class XlsxImport<Plan, Options = void> {
  path = $state('');
  importing = $state<'' | 'reading' | 'applying'>('');
  plan = $state<Plan | null>(null);
  applied = $state<Plan | null>(null);
  problems = $state<ImportProblem[]>([]);
  /** The error code of the last failed preview or apply (a screen may ask for a field it names). */
  failed = $state<ErrorPayload['code'] | null>(null);
  readonly #run: ImportRun<Plan, Options>;
  readonly #options: () => Options;
  // What the shown plan was made from: applying imports exactly that, whatever was typed since,
  // and only if the file and the workbook still give the same plan (its fingerprint).
  #previewed: { path: string; options: Options; plan: string | null } | null = null;

  /**
   * `run` is the one import command, called with dryRun = true to preview, then with the
   * preview's fingerprint to apply; `options` reads the
   * screen's own fields (the WG screen's service name) when a preview starts.
   */
  constructor(
    run: ImportRun<Plan, Options>,
    options: () => Options = () => undefined as Options,
  ) {
    this.#run = run;
    this.#options = options;
  }

  #fail(error: unknown): void {
    this.failed = error instanceof IpcError ? error.payload.code : null;
    const problems = importProblems(error);
    if (!problems) {
      showError(error);
      return;
    }
    this.plan = null;
    this.problems = problems;
  }

  /** The dry run: the plan, or the file's problems. The path typed is kept either way. */
  async preview(): Promise<void> {
    const path = this.path.trim();
    if (!path) return;
    const options = this.#options();
    this.plan = null;
    this.applied = null;
    this.problems = [];
    this.failed = null;
    this.importing = 'reading';
    this.#previewed = null;
    try {
      const plan = await this.#run(path, true, options, null);
      this.plan = plan;
      this.#previewed = { path, options, plan: fingerprintOf(plan) };
    } catch (error) {
      this.#fail(error);
    } finally {
      this.importing = '';
    }
  }

  /** Applies the previewed import, then `after` (reloading what the screen shows). */
  async apply(after: (applied: Plan) => Promise<void>): Promise<void> {
    const previewed = this.#previewed;
    if (!this.plan || !previewed) return;
    this.importing = 'applying';
    try {
      const applied = await this.#run(previewed.path, false, previewed.options, previewed.plan);
      this.applied = applied;
      this.plan = null;
      await after(applied);
    } catch (error) {
      this.#fail(error);
    } finally {
      this.importing = '';
    }
  }
}
