//! Risk-rule conditions in the AWS custom-lens syntax: choice ids combined with `&&`, `||`,
//! `!` and parentheses, or the single word `default`.
//!
//! Precedence follows the AWS tool and C: `!` binds tightest, then `&&`, then `||`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The risk a rule assigns when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleRisk {
    High,
    Medium,
    None,
}

impl RuleRisk {
    /// Accepts ours (`HIGH`) and the AWS custom-lens spelling (`HIGH_RISK`, `NO_RISK`).
    pub fn parse(text: &str) -> Option<RuleRisk> {
        match text {
            "HIGH" | "HIGH_RISK" => Some(RuleRisk::High),
            "MEDIUM" | "MEDIUM_RISK" => Some(RuleRisk::Medium),
            "NONE" | "NO_RISK" => Some(RuleRisk::None),
            _ => None,
        }
    }
}

/// The longest condition text accepted, in bytes.
pub const MAX_CONDITION_BYTES: usize = 64 * 1024;

/// The most choice references in one condition.
pub const MAX_CONDITION_TERMS: usize = 4096;

/// The deepest nesting of parentheses and `!` in one condition.
///
/// Parsing, evaluating and dropping a condition recurse once per nesting level, so this bound
/// (with `&&`/`||` chains kept flat) is what keeps a hostile set file, or a workbook holding
/// one, from overflowing the stack. No real rule comes near it.
pub const MAX_CONDITION_DEPTH: usize = 64;

/// A parsed condition. Choice references are indexes into the question's choice list, so
/// evaluation is a walk over a small tree with no string comparison. Chains of `&&` and `||`
/// are flat lists: the tree is only as deep as the text's nesting (at most
/// [`MAX_CONDITION_DEPTH`] levels), however long it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Default,
    Choice(usize),
    Not(Box<Condition>),
    And(Vec<Condition>),
    Or(Vec<Condition>),
}

impl Condition {
    /// `satisfied[i]` tells whether choice `i` of the question counts as in place.
    pub fn holds(&self, satisfied: &[bool]) -> bool {
        match self {
            Condition::Default => true,
            Condition::Choice(index) => satisfied.get(*index).copied().unwrap_or(false),
            Condition::Not(inner) => !inner.holds(satisfied),
            Condition::And(all) => all.iter().all(|c| c.holds(satisfied)),
            Condition::Or(any) => any.iter().any(|c| c.holds(satisfied)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub message: String,
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, ConditionError> {
    if text.len() > MAX_CONDITION_BYTES {
        return Err(ConditionError {
            message: format!(
                "the condition is {} bytes long, over the limit of {MAX_CONDITION_BYTES}",
                text.len()
            ),
        });
    }
    let mut tokens = Vec::new();
    let mut terms = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                tokens.push((pos, Token::Open));
                i += 1;
            }
            ')' => {
                tokens.push((pos, Token::Close));
                i += 1;
            }
            '!' => {
                tokens.push((pos, Token::Not));
                i += 1;
            }
            '&' | '|' => {
                let doubled = chars
                    .get(i + 1)
                    .map(|(_, next)| *next == c)
                    .unwrap_or(false);
                if !doubled {
                    return Err(ConditionError {
                        message: format!("'{c}' at position {pos} must be written '{c}{c}'"),
                    });
                }
                tokens.push((pos, if c == '&' { Token::And } else { Token::Or }));
                i += 2;
            }
            c if is_ident_char(c) => {
                let start = i;
                while i < chars.len() && is_ident_char(chars[i].1) {
                    i += 1;
                }
                let ident: String = chars[start..i].iter().map(|(_, c)| *c).collect();
                tokens.push((pos, Token::Ident(ident)));
                terms += 1;
                if terms > MAX_CONDITION_TERMS {
                    return Err(ConditionError {
                        message: format!("more than {MAX_CONDITION_TERMS} choice references"),
                    });
                }
            }
            other => {
                return Err(ConditionError {
                    message: format!("unexpected character '{other}' at position {pos}"),
                });
            }
        }
    }
    Ok(tokens)
}

struct Parser<'a, F: Fn(&str) -> Option<usize>> {
    tokens: Vec<(usize, Token)>,
    next: usize,
    resolve: &'a F,
    text_len: usize,
    /// Parentheses and `!` open around the current token.
    depth: usize,
}

impl<F: Fn(&str) -> Option<usize>> Parser<'_, F> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn position(&self) -> usize {
        self.tokens
            .get(self.next)
            .map(|(p, _)| *p)
            .unwrap_or(self.text_len)
    }

    fn or_expr(&mut self) -> Result<Condition, ConditionError> {
        let mut terms = vec![self.and_expr()?];
        while self.peek() == Some(&Token::Or) {
            self.next += 1;
            terms.push(self.and_expr()?);
        }
        Ok(flat(terms, Condition::Or))
    }

    fn and_expr(&mut self) -> Result<Condition, ConditionError> {
        let mut terms = vec![self.unary()?];
        while self.peek() == Some(&Token::And) {
            self.next += 1;
            terms.push(self.unary()?);
        }
        Ok(flat(terms, Condition::And))
    }

    /// One level deeper (a `(` or `!`), refused past [`MAX_CONDITION_DEPTH`].
    fn descend(&mut self) -> Result<(), ConditionError> {
        self.depth += 1;
        if self.depth > MAX_CONDITION_DEPTH {
            return Err(ConditionError {
                message: format!(
                    "nesting deeper than {MAX_CONDITION_DEPTH} (parentheses and '!') at position {}",
                    self.position()
                ),
            });
        }
        self.next += 1;
        Ok(())
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        let position = self.position();
        match self.tokens.get(self.next).map(|(_, t)| t.clone()) {
            Some(Token::Not) => {
                self.descend()?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Condition::Not(Box::new(inner)))
            }
            Some(Token::Open) => {
                self.descend()?;
                let inner = self.or_expr()?;
                self.depth -= 1;
                if self.peek() != Some(&Token::Close) {
                    return Err(ConditionError {
                        message: format!("missing ')' at position {}", self.position()),
                    });
                }
                self.next += 1;
                Ok(inner)
            }
            Some(Token::Ident(name)) => {
                self.next += 1;
                if name == "default" {
                    return Err(ConditionError {
                        message: "'default' must stand alone as the whole condition".into(),
                    });
                }
                match (self.resolve)(&name) {
                    Some(index) => Ok(Condition::Choice(index)),
                    None => Err(ConditionError {
                        message: format!("'{name}' is not a choice of this question"),
                    }),
                }
            }
            Some(_) => Err(ConditionError {
                message: format!("expected a choice id, '!' or '(' at position {position}"),
            }),
            None => Err(ConditionError {
                message: "the condition ends too early".into(),
            }),
        }
    }
}

/// One term stays itself; several become one flat `&&` or `||` list.
fn flat(mut terms: Vec<Condition>, combine: fn(Vec<Condition>) -> Condition) -> Condition {
    if terms.len() == 1
        && let Some(only) = terms.pop()
    {
        return only;
    }
    combine(terms)
}

/// Parses `text`, resolving every choice id with `resolve` (which returns the choice's index).
pub fn parse_condition(
    text: &str,
    resolve: &impl Fn(&str) -> Option<usize>,
) -> Result<Condition, ConditionError> {
    if text.trim() == "default" {
        return Ok(Condition::Default);
    }
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(ConditionError {
            message: "the condition is empty".into(),
        });
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        resolve,
        text_len: text.len(),
        depth: 0,
    };
    let condition = parser.or_expr()?;
    if parser.next != parser.tokens.len() {
        return Err(ConditionError {
            message: format!("unexpected text at position {}", parser.position()),
        });
    }
    Ok(condition)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHOICES: [&str; 4] = ["a", "b", "c", "q_no"];

    fn parse(text: &str) -> Result<Condition, ConditionError> {
        parse_condition(text, &|name| CHOICES.iter().position(|c| *c == name))
    }

    fn holds(text: &str, selected: &[&str]) -> bool {
        let satisfied: Vec<bool> = CHOICES.iter().map(|c| selected.contains(c)).collect();
        parse(text).unwrap().holds(&satisfied)
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        // a || b && c  ==  a || (b && c)
        assert!(holds("a || b && c", &["a"]));
        assert!(!holds("a || b && c", &["b"]));
        assert!(holds("(a || b) && c", &["b", "c"]));
        assert!(!holds("!a && b", &["a", "b"]));
        assert!(holds("!(a && b)", &["a"]));
        assert!(holds("!!a", &["a"]));
    }

    #[test]
    fn default_is_always_true_and_only_alone() {
        assert!(holds("default", &[]));
        assert!(holds("  default ", &[]));
        assert!(parse("default && a").is_err());
    }

    #[test]
    fn aws_lens_examples_parse() {
        assert!(holds("(!a) || (!c)", &["a"]));
        assert!(holds("q_no || (a && b && c)", &["q_no"]));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let message = |text: &str| parse(text).unwrap_err().message;
        assert_eq!(message("a & b"), "'&' at position 2 must be written '&&'");
        assert_eq!(message("a && zz"), "'zz' is not a choice of this question");
        assert_eq!(message("(a && b"), "missing ')' at position 7");
        assert_eq!(message("a b"), "unexpected text at position 2");
        assert_eq!(message("a &&"), "the condition ends too early");
        assert_eq!(message(""), "the condition is empty");
        assert_eq!(message("a # b"), "unexpected character '#' at position 2");
    }

    #[test]
    fn deep_or_long_conditions_are_refused_before_they_can_overflow_the_stack() {
        let message = |text: &str| parse(text).unwrap_err().message;
        let parens = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(message(&parens).starts_with("nesting deeper than 64"));
        let nots = format!("{}a", "!".repeat(10_000));
        assert!(message(&nots).starts_with("nesting deeper than 64"));
        let terms = vec!["a"; 4097].join("&&");
        assert_eq!(message(&terms), "more than 4096 choice references");
        let long = vec!["a"; 200_000].join(" && ");
        assert!(message(&long).contains("over the limit of 65536"));
        // At the limits they parse and evaluate.
        let deepest = format!("{}a{}", "(".repeat(64), ")".repeat(64));
        assert!(holds(&deepest, &["a"]));
        assert!(holds(&format!("{}a", "!".repeat(64)), &["a"]));
        let chain = vec!["a"; 4096].join("&&");
        assert!(holds(&chain, &["a"]));
        assert!(!holds(&chain, &["b"]));
    }

    #[test]
    fn chains_are_flat() {
        let a_b_c = parse("a && b && c").unwrap();
        assert_eq!(
            a_b_c,
            Condition::And(vec![
                Condition::Choice(0),
                Condition::Choice(1),
                Condition::Choice(2)
            ])
        );
        assert_eq!(parse("(a)").unwrap(), Condition::Choice(0));
    }

    #[test]
    fn risk_accepts_both_spellings() {
        assert_eq!(RuleRisk::parse("NO_RISK"), Some(RuleRisk::None));
        assert_eq!(RuleRisk::parse("HIGH"), Some(RuleRisk::High));
        assert_eq!(RuleRisk::parse("LOW"), None);
    }
}
