import type { AppInfo, QuestionReview, RiskSummary, WorkbookView } from '../lib/bindings';

export function question(overrides: Partial<QuestionReview> = {}): QuestionReview {
  return {
    set_id: 'sec',
    pillar_id: 'security',
    pillar_title: { ja: 'セキュリティ', en: 'Security' },
    question_id: 'SEC01',
    label: 'SEC 1',
    title: { ja: 'ワークロードを安全に運用するには？', en: 'How do you securely operate your workload?' },
    description: { ja: '説明文', en: 'Description' },
    guidance: null,
    guidance_url: null,
    fisc_refs: ['統1'],
    choices: [
      { id: 'sec_securely_operate_multi_accounts', title: { ja: 'アカウントを分離する' }, none_of_these: false, description: null, description_url: null, fisc_refs: [], explanation: [], improvement: null, improvement_url: null, links: [], status: 'UNSELECTED', not_applicable_reason: null, not_applicable_text: null },
      { id: 'sec_securely_operate_aws_account', title: { ja: 'ルートユーザーを保護する' }, none_of_these: false, description: null, description_url: null, fisc_refs: [], explanation: [], improvement: null, improvement_url: null, links: [], status: 'UNSELECTED', not_applicable_reason: null, not_applicable_text: null },
      { id: 'sec_securely_operate_no', title: { ja: 'いずれも該当しない' }, none_of_these: true, description: null, description_url: null, fisc_refs: [], explanation: [], improvement: null, improvement_url: null, links: [], status: 'UNSELECTED', not_applicable_reason: null, not_applicable_text: null },
    ],
    risk: 'UNANSWERED',
    not_applicable: null,
    notes: '',
    updated_by: null,
    updated_at: null,
    evidence_count: 0,
    ...overrides,
  };
}

const counts = { questions: 1, answered: 0, applicable: 1, unanswered: 1, high: 0, medium: 0, none: 0, not_applicable: 0, not_applicable_without_reason: 0, reviewed: 0, progress_percent: 0 };

export function summary(): RiskSummary {
  return {
    counts,
    sets: [{ set_id: 'sec', version: '2025-02', version_label: 'v2025-02', title: { ja: 'セキュリティの柱', en: 'Security pillar' }, counts, pillars: [{ pillar_id: 'security', title: { ja: 'セキュリティ' }, counts }] }],
  };
}

export function view(q: QuestionReview = question()): WorkbookView {
  return {
    path: '/tmp/test.hashira',
    file_name: 'test.hashira',
    workload: { name: 'テスト', description: '', review_owner: '', environment: null, aws_regions: [], other_regions: [], account_ids: [], industry: '', architecture_url: '', notes: '', client_organization: '', reviewers: [], review_date: null, time_zone: '+09:00' },
    sets: [{ id: 'sec', version: '2025-02', content_hash: 'x', added_at: '2026-01-01T00:00:00Z' }],
    questions: [q],
    summary: summary(),
    rereview: [],
  };
}

export const info: AppInfo = {
  version: '0.1.0',
  initial_path: '/tmp/test.hashira',
  open_demo_at_start: false,
  question_sets: [{ id: 'sec', version: '2025-02', version_label: 'v2025-02', title: { ja: 'セキュリティの柱' }, question_count: 1 }],
  default_set_ids: ['sec'],
  reviewer_name: 'tester',
};
