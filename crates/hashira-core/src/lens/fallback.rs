//! Texts a set has only in the other language (the FISC sets are in Japanese only): an export
//! writes them in that language and counts them by question, so an English lens of a Japanese
//! set says so instead of passing silently.

use serde::Serialize;

use crate::question_set::{Lang, LocalizedText};

/// Texts of one question (or, with an empty `question_id`, of the set itself and its pillars)
/// that have no version in the language asked for: the other language's text was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageFallback {
    pub question_id: String,
    pub texts: usize,
}

impl LanguageFallback {
    /// "3 texts have no English version: the Japanese text is written".
    pub fn message(&self, lang: Lang) -> String {
        let (asked, written) = match lang {
            Lang::Ja => ("Japanese", "English"),
            Lang::En => ("English", "Japanese"),
        };
        let texts = match self.texts {
            1 => "1 text has".to_string(),
            n => format!("{n} texts have"),
        };
        format!("{texts} no {asked} version: the {written} text is written")
    }
}

/// `text` in `lang`, else in the other language — then counted in `fallbacks` under
/// `question` (one entry per question, in the order first met).
pub(super) fn text_in<'t>(
    text: &'t LocalizedText,
    lang: Lang,
    question: &str,
    fallbacks: &mut Vec<LanguageFallback>,
) -> &'t str {
    let asked = match lang {
        Lang::Ja => &text.ja,
        Lang::En => &text.en,
    };
    let written = text.get(lang);
    if asked.is_none() && !written.trim().is_empty() {
        match fallbacks.iter_mut().find(|f| f.question_id == question) {
            Some(fallback) => fallback.texts += 1,
            None => fallbacks.push(LanguageFallback {
                question_id: question.to_string(),
                texts: 1,
            }),
        }
    }
    written
}
