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
        Outline::of_bytes(text.as_bytes(), text.len())
    }

    /// The outline of a stored text read as bytes (not checked as UTF-8 here: each part is
    /// when it is taken, [`Outline::one_question_in`]).
    fn of_bytes(bytes: &[u8], end: usize) -> Option<Outline> {
        Outline::of_headers(&headers(bytes, |_| false)?.0, end)
    }

    /// The outline of the text up to the end of the `position`-th question's part (document
    /// order), for reading that one question without outlining the rest of the text; the
    /// whole text's outline when the rest may hold a part of that question's pillar or of the
    /// document's own tables, or is laid out in a way the whole outline would refuse.
    /// `None` as [`Outline::of`].
    pub(crate) fn up_to_question(bytes: &[u8], position: usize) -> Option<Outline> {
        // Stop at the first header after the asked question's part: after position + 1
        // question headers, the first that is not a table of the last of them.
        let mut questions = 0usize;
        let (headers, stopped_at) = headers(bytes, |header| {
            if questions > position && !header.key.starts_with("pillars.questions.") {
                return true;
            }
            if header.array && header.key == QUESTION {
                questions += 1;
            }
            false
        })?;
        match stopped_at {
            Some(end) if only_questions_and_pillars(bytes.get(end..)?) => {
                Outline::of_headers(&headers, end)
            }
            Some(_) => Outline::of_bytes(bytes, bytes.len()),
            None => Outline::of_headers(&headers, bytes.len()),
        }
    }

    /// The outline of a text's first `end` bytes, `headers` every header in them.
    fn of_headers(headers: &[Header<'_>], end: usize) -> Option<Outline> {
        let end_of = |i: usize| headers.get(i + 1).map_or(end, |h| h.start);
        let mut top = Vec::with_capacity(4);
        top.push(0..headers.first().map_or(end, |h| h.start));
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
            pillars.last_mut()?.1.push(start..end);
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
    #[cfg(test)]
    pub(crate) fn one_question(&self, text: &str, position: usize) -> Option<String> {
        self.one_question_in(text.as_bytes(), position)
    }

    /// [`Outline::one_question`] of a text read as bytes: only the parts taken are checked
    /// as UTF-8 (the whole text's integrity is its content hash's, which `verify` checks).
    pub(crate) fn one_question_in(&self, bytes: &[u8], position: usize) -> Option<String> {
        let (p, q) = *self.positions.get(position)?;
        let (pillar, questions) = self.pillars.get(p)?;
        let mut document = String::new();
        for range in self.top.iter().chain([pillar, questions.get(q)?]) {
            document.push_str(std::str::from_utf8(bytes.get(range.clone())?).ok()?);
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
///
/// `stop` is asked about each header found: when it says so, the scan ends there, that header
/// not kept, and its start is returned with the headers before it.
fn headers<'t>(
    bytes: &'t [u8],
    mut stop: impl FnMut(&Header<'t>) -> bool,
) -> Option<(Vec<Header<'t>>, Option<usize>)> {
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
                let line = std::str::from_utf8(bytes.get(i..end)?).ok()?;
                let found = header(line, line_begin(bytes, i))?;
                if stop(&found) {
                    return Some((headers, Some(found.start)));
                }
                headers.push(found);
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
    Some((headers, None))
}

/// Whether every line of `rest` that may be a header (its first byte not a blank is `[`,
/// whether or not inside a string) starts as `[[pillars]]`, `[[pillars.questions]]` or a table
/// of a question does: then `rest` holds no part of an earlier pillar or of the document's own
/// tables, and a question's outline may stop where `rest` starts. Any other header, or one
/// spaced or quoted otherwise, is taken as such a part (a line in a string that looks like one
/// only costs the whole outline). A byte search, a fraction of outlining `rest`.
fn only_questions_and_pillars(rest: &[u8]) -> bool {
    const LATER: [&[u8]; 4] = [
        b"[[pillars]]",
        b"[[pillars.questions]]",
        b"[[pillars.questions.",
        b"[pillars.questions.",
    ];
    memchr::memchr_iter(b'[', rest).all(|i| {
        let begin = line_begin(rest, i);
        let header_like = rest[begin..i]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        !header_like || LATER.iter().any(|start| rest[i..].starts_with(start))
    })
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
#[path = "outline_tests.rs"]
mod tests;
