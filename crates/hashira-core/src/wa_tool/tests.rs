use super::import::{keep_full_notes_for_test, split_na_text_for_test};
use super::*;

#[test]
fn notes_over_the_limit_are_cut_with_the_marker_within_the_limit() {
    let long = "あ".repeat(3000);
    let (cut, was_cut) = cut_notes(&long, MAX_NOTES);
    assert!(was_cut);
    assert_eq!(cut.chars().count(), MAX_NOTES);
    assert!(cut.ends_with(TRUNCATED_MARKER));
    assert_eq!(cut_notes("短い", MAX_NOTES), ("短い".to_string(), false));
}

#[test]
fn the_na_text_is_split_off_the_notes() {
    let text = format!("メモ\n\n{NA_TEXT_MARKER}対象外のため");
    assert_eq!(
        split_na_text_for_test(&text),
        ("メモ".to_string(), Some("対象外のため".to_string()))
    );
    assert_eq!(
        split_na_text_for_test(&format!("{NA_TEXT_MARKER}x")),
        (String::new(), Some("x".to_string()))
    );
    assert_eq!(split_na_text_for_test("メモ"), ("メモ".to_string(), None));
}

#[test]
fn cut_notes_coming_back_keep_the_workbooks_full_text() {
    let full = "い".repeat(3000);
    let answer = crate::workbook::Answer {
        notes: full.clone(),
        ..Default::default()
    };
    let (cut, _) = cut_notes(&full, MAX_NOTES);
    assert_eq!(keep_full_notes_for_test(cut, Some(&answer)), full);
    let edited = format!("{}{TRUNCATED_MARKER}", "う".repeat(10));
    assert_eq!(
        keep_full_notes_for_test(edited.clone(), Some(&answer)),
        edited
    );
}
