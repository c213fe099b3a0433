//! The outline's tests: the parts it finds, whole and up to one question.

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

/// Outlining up to one question gives the part the whole outline gives, for every question
/// of the sample and of every shipped set.
#[test]
fn an_outline_up_to_a_question_gives_the_part_the_whole_outline_gives() {
    let mut texts = vec![TEXT.to_string()];
    for id in crate::question_set::shipped::shipped_set_ids() {
        let set = crate::question_set::shipped::shipped_set(id).unwrap();
        texts.push(set.source_text().to_string());
    }
    for text in &texts {
        let whole = Outline::of(text).unwrap();
        for position in 0..whole.question_count() {
            let up_to = Outline::up_to_question(text.as_bytes(), position).unwrap();
            let part = up_to.one_question_in(text.as_bytes(), position);
            assert_eq!(part, whole.one_question(text, position));
            assert!(part.is_some());
        }
    }
}

const THREE: &str = "id = \"t\"\n[[pillars]]\nid = \"p1\"\n[[pillars.questions]]\nid = \"Q1\"\n\
    [[pillars.questions.choices]]\nid = \"Q1-1\"\n[[pillars.questions]]\nid = \"Q2\"\n\
    [[pillars]]\nid = \"p2\"\n[[pillars.questions]]\nid = \"Q3\"\ntext = \"説明\"\n";

#[test]
fn it_stops_after_the_question_when_the_rest_holds_only_later_questions() {
    for position in 0..3 {
        let up_to = Outline::up_to_question(THREE.as_bytes(), position).unwrap();
        assert_eq!(up_to.question_count(), position + 1);
    }
    let first = Outline::up_to_question(THREE.as_bytes(), 0).unwrap();
    let part = first.one_question_in(THREE.as_bytes(), 0).unwrap();
    assert!(
        part.ends_with("id = \"Q1-1\"\n\n") && !part.contains("Q2"),
        "{part}"
    );
    // Bytes that are not UTF-8 outside the part read are not read; inside, they give None.
    let damaged = THREE.replace("説明", "\u{1}").into_bytes();
    let mut damaged = damaged;
    let at = damaged.iter().position(|&b| b == 1).unwrap();
    damaged[at] = 0xFF;
    let outline = Outline::up_to_question(&damaged, 0).unwrap();
    assert!(outline.one_question_in(&damaged, 0).is_some());
    let outline = Outline::up_to_question(&damaged, 2).unwrap();
    assert_eq!(outline.one_question_in(&damaged, 2), None);
}

#[test]
fn it_outlines_the_whole_text_when_the_rest_may_hold_part_of_the_question() {
    // The document's own table after the pillars: the part must hold it.
    let source_last = format!("{THREE}[source]\ndocument = \"d\"\n");
    let up_to = Outline::up_to_question(source_last.as_bytes(), 0).unwrap();
    assert_eq!(up_to.question_count(), 3);
    let part = up_to.one_question_in(source_last.as_bytes(), 0).unwrap();
    assert!(part.contains("[source]\ndocument = \"d\""), "{part}");
    // A line in a string that looks like such a header only costs the whole outline.
    let in_string = THREE.replace("text = \"説明\"", "text = \"\"\"\n[other]\n\"\"\"");
    let up_to = Outline::up_to_question(in_string.as_bytes(), 0).unwrap();
    assert_eq!(up_to.question_count(), 3);
    assert_eq!(
        up_to.one_question_in(in_string.as_bytes(), 0),
        Outline::up_to_question(THREE.as_bytes(), 0)
            .unwrap()
            .one_question_in(THREE.as_bytes(), 0)
    );
    // A table of the question's pillar after it: a layout the whole outline refuses too.
    let pillar_table = THREE.replace(
        "[[pillars]]\nid = \"p2\"",
        "[pillars.extra]\nx = 1\n[[pillars]]\nid = \"p2\"",
    );
    assert!(Outline::of(&pillar_table).is_none());
    assert!(Outline::up_to_question(pillar_table.as_bytes(), 0).is_none());
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
