import type { RiskCounts } from './bindings';
import { t } from './i18n.svelte';

// Progress is the core's figure (`RiskCounts`, see ARCHITECTURE.md "The figures"): reviewed =
// answered + not applicable, progress_percent rounded down. The UI only prints it, so the
// screen shows the numbers the CLI, Excel and the PDF show.

/** "12/27 レビュー済み（44%）" */
export function progressLabel(counts: RiskCounts): string {
  return t('tree.progress', { reviewed: counts.reviewed, questions: counts.questions, percent: counts.progress_percent });
}
