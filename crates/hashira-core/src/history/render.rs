//! A described entry as lines of text in one language: what `hashira log` prints and what the
//! PDF appendix shows, so both read alike.

use super::labels;
use super::{HistoryChange, HistoryRecord};
use crate::Lang;

/// `#12 2026-04-01 09:00 山田 太郎 — 回答の変更 SEC1 認証情報と認証をどのように管理していますか？`
pub fn header(record: &HistoryRecord, lang: Lang) -> String {
    let mut line = format!(
        "#{} {} {} — {}",
        record.seq,
        record.when,
        record.actor,
        record.kind_label.get(lang)
    );
    if let Some(question) = &record.question {
        line.push_str(&format!(" {}", question.id));
        let title = question.title.get(lang);
        if !title.is_empty() {
            line.push_str(&format!(" {title}"));
        }
    }
    if let Some(subject) = &record.subject {
        line.push_str(&format!(" {}", subject.get(lang)));
    }
    line
}

/// One line per changed field: `選択: + SEC1-02 (title), − SEC1-03 (title)`,
/// `メモ: "old" → "new"`. A free text keeps its line breaks.
pub fn lines(record: &HistoryRecord, lang: Lang) -> Vec<String> {
    record
        .changes
        .iter()
        .map(|change| format!("{}: {}", change.label.get(lang), value(change, lang)))
        .collect()
}

fn value(change: &HistoryChange, lang: Lang) -> String {
    if !change.added.is_empty() || !change.removed.is_empty() {
        let added = change
            .added
            .iter()
            .map(|item| format!("+ {}", item.get(lang)));
        let removed = change
            .removed
            .iter()
            .map(|item| format!("− {}", item.get(lang)));
        return added.chain(removed).collect::<Vec<_>>().join(", ");
    }
    let shown = |text: &Option<crate::LocalizedText>| match text {
        Some(text) if change.free_text => format!("\"{}\"", text.get(lang)),
        Some(text) => text.get(lang).to_string(),
        None => labels::none().get(lang).to_string(),
    };
    match (&change.old, &change.new) {
        (None, Some(_)) => shown(&change.new),
        _ => format!("{} → {}", shown(&change.old), shown(&change.new)),
    }
}
