//! The table headers of a set's TOML text, found by one pass over its bytes, so that a set can
//! be parsed in parts: one question alone (a point change to a workbook whose set has 10,000
//! questions parses a few kilobytes of it, not 26 MB), the questions two compared states of a
//! review differ on ([`StoredText`], `hashira diff`), or the whole document part by part
//! without the parser's tree of the whole text (a seventh of the memory).
//!
//! Only a workbook's stored copy is read this way (parsed and validated whole when it was
//! added), and only when laid out with headers (`[[pillars]]`, `[[pillars.questions]]`, …), as
//! every set the product ships or generates is. Anything else (quoted header keys, a pillar
//! table the question part would not show, questions written inline) gives `None` and the
//! caller parses the whole text.

use std::borrow::Cow;
use std::ops::Range;

use serde::Deserialize;

use super::{Pillar, Question, QuestionSetDocument};

/// One `[table]` or `[[array.of.tables]]` header: its dotted key (white space removed) and
/// where its line starts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header<'a> {
    key: Cow<'a, str>,
    array: bool,
    start: usize,
}

/// Where each part of a set's text is.
#[derive(Debug)]
pub(crate) struct Outline {
    /// The document's own keys and tables (`id`, `title`, `[source]`, …): every part that
    /// is not a pillar's.
    top: Vec<Range<usize>>,
    /// Per pillar: its own part (`id`, `title`) and each question's (with its choices).
    pillars: Vec<(Range<usize>, Vec<Range<usize>>)>,
    /// Per question in document order: its pillar and its place there.
    positions: Vec<(usize, usize)>,
}

const PILLAR: &str = "pillars";
const QUESTION: &str = "pillars.questions";

impl Outline {
    pub(crate) fn of(text: &str) -> Option<Outline> {
        let headers = headers(text)?;
        let end_of = |i: usize| headers.get(i + 1).map_or(text.len(), |h| h.start);
        let mut top = Vec::with_capacity(4);
        top.push(0..headers.first().map_or(text.len(), |h| h.start));
        let mut pillars: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
        let mut positions = Vec::new();
        let mut question: Option<usize> = None;
        for (i, header) in headers.iter().enumerate() {
            let in_question = header.key.starts_with("pillars.questions.");
            if !in_question && let Some(start) = question.take() {
                let (_, questions) = pillars.last_mut()?;
                questions.push(start..header.start);
            }
            match (header.key.as_ref(), header.array) {
                (PILLAR, true) => pillars.push((header.start..end_of(i), Vec::new())),
                (QUESTION, true) => {
                    let pillar = pillars.len().checked_sub(1)?;
                    positions.push((pillar, pillars[pillar].1.len()));
                    question = Some(header.start);
                }
                _ if in_question => {
                    // A choice or table of the current question; one outside a question
                    // (before the first) is a layout this reader does not follow.
                    question?;
                }
                (key, _) if key == PILLAR || key.starts_with("pillars.") => return None,
                _ => top.push(header.start..end_of(i)),
            }
        }
        if let Some(start) = question {
            pillars.last_mut()?.1.push(start..text.len());
        }
        Some(Outline {
            top,
            pillars,
            positions,
        })
    }

    /// How many questions are written as `[[pillars.questions]]` tables.
    pub(crate) fn question_count(&self) -> usize {
        self.positions.len()
    }

    /// A TOML document holding the set's own keys, and of its pillars only the one with the
    /// `position`-th question (document order), holding only that question.
    pub(crate) fn one_question(&self, text: &str, position: usize) -> Option<String> {
        let (p, q) = *self.positions.get(position)?;
        let (pillar, questions) = self.pillars.get(p)?;
        let mut document = String::new();
        for range in self.top.iter().chain([pillar, questions.get(q)?]) {
            document.push_str(text.get(range.clone())?);
            document.push('\n');
        }
        Some(document)
    }

    /// Like [`Outline::one_question`] for several questions (`positions` in document order,
    /// ascending): the set's own keys, then each pillar holding one of them with only those.
    pub(crate) fn some_questions(&self, text: &str, positions: &[usize]) -> Option<String> {
        let mut document = String::new();
        for range in &self.top {
            document.push_str(text.get(range.clone())?);
            document.push('\n');
        }
        let mut last_pillar = None;
        for &position in positions {
            let (p, q) = *self.positions.get(position)?;
            let (pillar, questions) = self.pillars.get(p)?;
            if last_pillar != Some(p) {
                document.push_str(text.get(pillar.clone())?);
                document.push('\n');
                last_pillar = Some(p);
            }
            document.push_str(text.get(questions.get(q)?.clone())?);
            document.push('\n');
        }
        Some(document)
    }

    /// The whole document, parsed part by part: the set's own keys, then each pillar's and
    /// each question's part on its own. The same document as parsing the text whole, at a
    /// fraction of the memory (the parser's tree of a 26 MB text is ~650 MB; of a part, a few
    /// KB). `None` if a part does not parse: parse the text whole for the error.
    pub(crate) fn document(&self, text: &str) -> Option<QuestionSetDocument> {
        let mut head = String::from("pillars = []\n");
        for range in &self.top {
            head.push_str(text.get(range.clone())?);
            head.push('\n');
        }
        let mut document: QuestionSetDocument = toml::from_str(&head).ok()?;
        // Pillars are parsed on up to four threads, in runs of whole pillars kept in order.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let per_thread = self.pillars.len().div_ceil(threads).max(1);
        let runs: Vec<Option<Vec<Pillar>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .pillars
                .chunks(per_thread)
                .map(|run| {
                    let thread = std::thread::Builder::new()
                        .spawn_scoped(scope, move || pillars(text, run))
                        .ok();
                    (run, thread)
                })
                .collect();
            handles
                .into_iter()
                .map(|(run, thread)| match thread {
                    Some(thread) => thread.join().ok().flatten(),
                    // No thread to be had: this one does the run.
                    None => pillars(text, run),
                })
                .collect()
        });
        for run in runs {
            document.pillars.extend(run?);
        }
        Some(document)
    }
}

/// A workbook's stored copy of a set, its parts found (see the module's comment), for reading some of its
/// questions: what comparing two states of a review reads of a set (it may be found on
/// another thread while the rows are compared).
pub(crate) struct StoredText {
    text: String,
    outline: Option<Outline>,
}

impl StoredText {
    pub(crate) fn new(text: String) -> StoredText {
        let outline = Outline::of(&text);
        StoredText { text, outline }
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Some questions (`positions` in document order, ascending), parsed from their parts of
    /// the text alone, as [`super::QuestionSet::one_question_of_stored`] reads one: a set of those
    /// questions in their pillars, with the set's own keys. `None` when the text is not laid
    /// out for this or does not hold `expected_count` questions (parse it whole).
    pub(crate) fn questions(
        &self,
        content_hash: String,
        origin: &str,
        positions: &[usize],
        expected_count: usize,
    ) -> Option<super::QuestionSet> {
        let outline = self.outline.as_ref()?;
        if outline.question_count() != expected_count {
            return None;
        }
        // Parsed in runs on up to four threads (a few hundred questions' TOML is most of the
        // cost), the runs' pillars joined in order.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let per_thread = positions.len().div_ceil(threads).max(1);
        let parts: Vec<String> = positions
            .chunks(per_thread)
            .map(|run| outline.some_questions(&self.text, run))
            .collect::<Option<_>>()?;
        let documents: Vec<Option<QuestionSetDocument>> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .map(|part| {
                    let thread = std::thread::Builder::new()
                        .spawn_scoped(scope, move || super::parse(part, origin).ok())
                        .ok();
                    (part, thread)
                })
                .collect();
            handles
                .into_iter()
                .map(|(part, thread)| match thread {
                    Some(thread) => thread.join().ok().flatten(),
                    None => super::parse(part, origin).ok(),
                })
                .collect()
        });
        let mut documents = documents.into_iter();
        let mut document = documents.next()??;
        for next in documents {
            for pillar in next?.pillars {
                match document.pillars.last_mut() {
                    Some(last) if last.id == pillar.id => last.questions.extend(pillar.questions),
                    _ => document.pillars.push(pillar),
                }
            }
        }
        super::compiled(document, parts.concat(), content_hash, origin).ok()
    }
}

fn pillars(text: &str, run: &[(Range<usize>, Vec<Range<usize>>)]) -> Option<Vec<Pillar>> {
    run.iter().map(|p| pillar(text, p)).collect()
}

/// One pillar from its own part and its questions' parts.
fn pillar(text: &str, (own, questions): &(Range<usize>, Vec<Range<usize>>)) -> Option<Pillar> {
    // The pillar's own keys, its questions given as an empty list to fill.
    let own = format!("{}\nquestions = []\n", text.get(own.clone())?);
    let PillarPart { mut pillars } = toml::from_str(&own).ok()?;
    let mut pillar = pillars.pop().filter(|_| pillars.is_empty())?;
    for range in questions {
        let QuestionPart {
            pillars: QuestionPillar { mut questions },
        } = toml::from_str(text.get(range.clone())?).ok()?;
        pillar
            .questions
            .push(questions.pop().filter(|_| questions.is_empty())?);
    }
    Some(pillar)
}

/// A pillar's part: `[[pillars]]` and its keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PillarPart {
    pillars: Vec<Pillar>,
}

/// A question's part: `[[pillars.questions]]` with its keys and choices, which read alone
/// make `pillars` a table holding one question.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionPart {
    pillars: QuestionPillar,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionPillar {
    questions: Vec<Question>,
}

/// Every header of `text`, in order; `None` for a header this reader does not follow.
///
/// One pass over the bytes: a `[` that starts a line (after blanks) outside any string and
/// outside the brackets of a value (an array or inline table spread over lines) is a header;
/// strings are skipped with a SIMD search for their closing quote, as most of a set's bytes
/// are text inside quotes.
fn headers(text: &str) -> Option<Vec<Header<'_>>> {
    let bytes = text.as_bytes();
    let mut headers = Vec::new();
    let mut depth = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'[' if line_start && depth == 0 => {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                headers.push(header(text.get(i..end)?, line_begin(bytes, i))?);
                i = end;
                continue;
            }
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n),
            quote @ (b'"' | b'\'') if bytes[i..].starts_with(&[quote; 3]) => {
                i = after_string(bytes, i + 3, quote, true);
            }
            quote @ (b'"' | b'\'') => i = after_string(bytes, i + 1, quote, false),
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
        line_start = false;
    }
    Some(headers)
}

/// Where the line holding byte `i` starts.
fn line_begin(bytes: &[u8], i: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |n| n + 1)
}

/// The byte after the string whose text starts at `from`: its closing quote (three for a
/// multi-line string, which may end in up to two more), escapes stepped over in a basic
/// string. A single-line string ends at the line's end at the latest.
fn after_string(bytes: &[u8], from: usize, quote: u8, multi: bool) -> usize {
    let mut i = from;
    loop {
        let Some(skip) = bytes.get(i..).and_then(|rest| stop(quote, multi, rest)) else {
            return bytes.len();
        };
        i += skip;
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            _ if !multi => return i + 1,
            _ if bytes[i..].starts_with(&[quote; 3]) => {
                i += 3;
                let mut extra = 0;
                while extra < 2 && bytes.get(i) == Some(&quote) {
                    i += 1;
                    extra += 1;
                }
                return i;
            }
            _ => i += 1,
        }
    }
}

/// Where a string quoted by `quote` may end or escape: the next quote, for a basic string
/// (`"`) also the next backslash, for a single-line one also the line's end.
fn stop(quote: u8, multi: bool, bytes: &[u8]) -> Option<usize> {
    match (quote, multi) {
        (b'"', false) => memchr::memchr3(quote, b'\\', b'\n', bytes),
        (b'"', true) => memchr::memchr2(quote, b'\\', bytes),
        (_, false) => memchr::memchr2(quote, b'\n', bytes),
        (_, true) => memchr::memchr(quote, bytes),
    }
}

fn header(line: &str, start: usize) -> Option<Header<'_>> {
    let array = line.starts_with("[[");
    let open = if array { 2 } else { 1 };
    let close = line.find(']')?;
    let key = line.get(open..close)?;
    if key.contains(['"', '\'']) {
        return None;
    }
    let key = if key.contains(char::is_whitespace) {
        Cow::Owned(key.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(key)
    };
    let rest = line.get(close..)?;
    let rest = rest
        .strip_prefix(if array { "]]" } else { "]" })?
        .trim_start();
    (rest.is_empty() || rest.starts_with('#')).then_some(Header { key, array, start })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"format_version = 1
id = "t"
notes = """
[[pillars.questions]]
not a header
"""
[source]
document = "d" # [x]
[[pillars]]
id = "p1"
[[pillars.questions]]
id = "Q1"
path = "C:\\[[pillars]]\\" # a basic string ending in an escaped backslash
quoted = "say \"[[pillars]]\" ['x']"
rules = [
  [1],
]
[[pillars.questions.choices]]
id = "Q1-1"
[[pillars]]
id = "p2"
[[pillars.questions]]
id = "Q2"
text = '''
[[pillars]]'''
[[pillars.questions.choices]]
id = "Q2-1"
"#;

    #[test]
    fn finds_each_question_with_its_pillar_and_the_documents_own_keys() {
        let outline = Outline::of(TEXT).unwrap();
        assert_eq!(outline.question_count(), 2);
        let second = outline.one_question(TEXT, 1).unwrap();
        assert!(second.starts_with("format_version = 1\nid = \"t\"\nnotes = \"\"\"\n"));
        assert!(second.contains("[source]\ndocument = \"d\""));
        assert!(second.contains("[[pillars]]\nid = \"p2\"\n\n[[pillars.questions]]\nid = \"Q2\""));
        assert!(second.trim_end().ends_with("id = \"Q2-1\""));
        assert!(!second.contains("Q1") && !second.contains("p1"));
        let value: toml::Table = toml::from_str(&second).unwrap();
        assert_eq!(value["pillars"].as_array().unwrap().len(), 1);
    }

    /// Part by part gives the document parsing the whole text gives, for every shipped set
    /// and a generated one.
    #[test]
    fn the_document_read_part_by_part_is_the_whole_document() {
        for id in crate::question_set::shipped::shipped_set_ids() {
            let set = crate::question_set::shipped::shipped_set(id).unwrap();
            let outline = Outline::of(set.source_text()).unwrap();
            assert_eq!(outline.question_count(), set.question_count(), "{id}");
            assert_eq!(
                &outline.document(set.source_text()).unwrap(),
                set.document(),
                "{id}"
            );
        }
    }

    #[test]
    fn layouts_it_does_not_follow_give_none() {
        for text in [
            "id = \"t\"\n[[\"pillars\".questions]]\nid = \"Q1\"\n",
            "id = \"t\"\n[[pillars]]\nid = \"p\"\n[pillars.title]\nja = \"x\"\n",
            "id = \"t\"\n[[pillars.questions.choices]]\nid = \"c\"\n",
        ] {
            assert!(Outline::of(text).is_none(), "{text}");
        }
        let inline = "id = \"t\"\n[[pillars]]\nid = \"p\"\nquestions = [{ id = \"Q1\" }]\n";
        assert_eq!(Outline::of(inline).unwrap().question_count(), 0);
    }
}
