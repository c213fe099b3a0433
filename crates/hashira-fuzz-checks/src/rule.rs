//! Risk-rule conditions (`risk_rules[].condition` of a set file, the AWS custom-lens syntax).

use hashira_core::question_set::{Condition, parse_condition};

/// The choices of the question the fuzzed condition belongs to (ids use every character an id
/// may hold).
const CHOICES: [&str; 5] = ["a", "b", "c_1", "sec.x-2", "q_no"];

fn resolve(name: &str) -> Option<usize> {
    CHOICES.iter().position(|c| *c == name)
}

/// A condition either parses, and then its tree printed back as text parses to the same tree
/// (so the parser read it the one way the precedence rules allow), or it is refused with a
/// message, and a position the message gives is a place in the text.
pub fn check_rule(text: &str) {
    match parse_condition(text, &resolve) {
        Ok(condition) => {
            let printed = print_condition(&condition);
            match parse_condition(&printed, &resolve) {
                Ok(again) => assert_eq!(
                    again, condition,
                    "rule: {text:?} parsed to {condition:?}, printed as {printed:?}, which \
                     parses differently"
                ),
                Err(e) => panic!(
                    "rule: {text:?} parsed to {condition:?}, printed as {printed:?}, which is \
                     refused: {e}"
                ),
            }
        }
        Err(e) => {
            assert!(
                !e.message.trim().is_empty(),
                "rule: {text:?} refused without a message"
            );
            if let Some(position) = position_in(&e.message) {
                assert!(
                    position <= text.len() && text.is_char_boundary(position),
                    "rule: {text:?} refused at position {position}, which is not a place in \
                     the text ({} bytes): {}",
                    text.len(),
                    e.message
                );
            }
        }
    }
}

/// The byte position an error message names ("… at position 12").
fn position_in(message: &str) -> Option<usize> {
    let rest = &message[message.find("at position ")? + "at position ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The condition as text, with parentheses only where the precedence (`!`, then `&&`, then
/// `||`) needs them, so the text is never nested deeper than the one it was parsed from.
pub fn print_condition(condition: &Condition) -> String {
    match condition {
        Condition::Default => "default".into(),
        Condition::Choice(index) => CHOICES.get(*index).copied().unwrap_or("?").into(),
        Condition::Not(inner) => format!("!{}", operand(inner)),
        Condition::And(all) => all.iter().map(operand).collect::<Vec<_>>().join(" && "),
        Condition::Or(any) => any
            .iter()
            .map(|c| match c {
                // `&&` binds tighter than `||`: no parentheses needed.
                Condition::And(_) => print_condition(c),
                _ => operand(c),
            })
            .collect::<Vec<_>>()
            .join(" || "),
    }
}

/// A sub-condition as the operand of `!` or `&&`: a list in parentheses.
fn operand(condition: &Condition) -> String {
    match condition {
        Condition::And(_) | Condition::Or(_) => format!("({})", print_condition(condition)),
        _ => print_condition(condition),
    }
}
