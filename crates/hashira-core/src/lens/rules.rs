//! Rewriting a question's risk rules into the WA Tool's shape: at most three rules, one per
//! risk, one of them `default`, giving the same risk as Hashira's first-true-wins evaluation
//! for EVERY selection of the question's choices.
//!
//! Hashira's sets may have several rules with the same risk (`_no` → HIGH, …, `default` →
//! HIGH). For each risk level we build a condition true exactly on the selections where the
//! original evaluation gives that level, starting from the original rules themselves (rule i
//! holds and no earlier rule of another risk does), then drop every guard — and every part of
//! a negated guard — the truth table shows is not needed. The level the original `default` gives takes the `default` rule. Each
//! emitted condition is exact, so the result does not depend on the order the WA Tool
//! evaluates rules in. At most 15 choices (the lens limit): 32,768 selections, checked
//! exhaustively.

use crate::question_set::{Condition, RuleRisk};

/// The most choices a lens question may have, and the most this rewriting enumerates.
pub const MAX_CHOICES: usize = 15;

/// The risk Hashira gives a selection: first true rule wins; none true (impossible in a
/// validated set, whose last rule is `default`) counts as HIGH, as `risk::question_risk` does.
pub fn first_true_wins(rules: &[(Condition, RuleRisk)], satisfied: &[bool]) -> RuleRisk {
    rules
        .iter()
        .find(|(condition, _)| condition.holds(satisfied))
        .map(|(_, risk)| *risk)
        .unwrap_or(RuleRisk::High)
}

fn selection(mask: u32, choices: usize) -> Vec<bool> {
    (0..choices).map(|i| mask & (1 << i) != 0).collect()
}

/// Rewrites `rules` (over `choices` choices) into ≤ 3 rules: exact conditions for all levels
/// but one, then `default`. `None` when the question has more than [`MAX_CHOICES`] choices, or
/// when a level is only reached by no rule holding (a rule list without `default`).
pub fn rewrite_rules(
    choices: usize,
    rules: &[(Condition, RuleRisk)],
) -> Option<Vec<(Condition, RuleRisk)>> {
    if choices > MAX_CHOICES {
        return None;
    }
    let table: Vec<RuleRisk> = (0..1u32 << choices)
        .map(|mask| first_true_wins(rules, &selection(mask, choices)))
        .collect();
    let mut levels: Vec<RuleRisk> = Vec::new();
    for risk in rules.iter().map(|(_, r)| *r).chain(table.iter().copied()) {
        if table.contains(&risk) && !levels.contains(&risk) {
            levels.push(risk);
        }
    }
    // The default goes to the level of the original default (the last rule), if it occurs.
    let default_level = rules
        .iter()
        .rev()
        .find(|(c, _)| *c == Condition::Default)
        .map(|(_, r)| *r)
        .filter(|r| levels.contains(r))
        .or_else(|| levels.last().copied())?;
    let mut rewritten = Vec::new();
    for level in levels.iter().copied().filter(|l| *l != default_level) {
        let exact = |condition: &Condition| {
            table.iter().enumerate().all(|(mask, risk)| {
                condition.holds(&selection(mask as u32, choices)) == (*risk == level)
            })
        };
        let condition = simplify(exact_condition(rules, level), &exact);
        // Only a rule list without `default` (never a validated set) can fail this.
        if !exact(&condition) {
            return None;
        }
        rewritten.push((condition, level));
    }
    rewritten.push((Condition::Default, default_level));
    Some(rewritten)
}

/// Rule i of risk `level` holds and no earlier rule of another risk does, for every such i.
fn exact_condition(rules: &[(Condition, RuleRisk)], level: RuleRisk) -> Condition {
    let mut disjuncts = Vec::new();
    for (i, (condition, risk)) in rules.iter().enumerate() {
        if *risk != level {
            continue;
        }
        let mut terms: Vec<Condition> = rules[..i]
            .iter()
            .filter(|(_, r)| *r != level)
            .map(|(c, _)| negate(c.clone()))
            .collect();
        if *condition != Condition::Default {
            terms.insert(0, condition.clone());
        }
        disjuncts.push(and(terms));
        if *condition == Condition::Default {
            break;
        }
    }
    or(disjuncts)
}

/// Drops disjuncts, then guards, that the truth table shows are not needed.
fn simplify(condition: Condition, exact: &impl Fn(&Condition) -> bool) -> Condition {
    let mut disjuncts = match condition {
        Condition::Or(all) => all,
        other => vec![other],
    };
    let mut d = 0;
    while d < disjuncts.len() {
        let mut without = disjuncts.clone();
        without.remove(d);
        if !without.is_empty() && exact(&or(without.clone())) {
            disjuncts = without;
            continue;
        }
        if let Condition::And(terms) = &disjuncts[d] {
            let mut terms = terms.clone();
            let mut t = 0;
            while t < terms.len() && terms.len() > 1 {
                let mut fewer = terms.clone();
                fewer.remove(t);
                let mut candidate = disjuncts.clone();
                candidate[d] = and(fewer.clone());
                if exact(&or(candidate)) {
                    terms = fewer;
                } else {
                    t += 1;
                }
            }
            // A guard `!(a && b && c)` next to `a && c` reads better as `!b`.
            for t in 0..terms.len() {
                let Condition::Not(inner) = &terms[t] else {
                    continue;
                };
                let Condition::And(items) = inner.as_ref() else {
                    continue;
                };
                let mut items = items.clone();
                let mut i = 0;
                while i < items.len() && items.len() > 1 {
                    let mut fewer = items.clone();
                    fewer.remove(i);
                    let mut candidate_terms = terms.clone();
                    candidate_terms[t] = negate(and(fewer.clone()));
                    let mut candidate = disjuncts.clone();
                    candidate[d] = and(candidate_terms);
                    if exact(&or(candidate)) {
                        items = fewer;
                    } else {
                        i += 1;
                    }
                }
                terms[t] = negate(and(items));
            }
            disjuncts[d] = and(terms);
        }
        d += 1;
    }
    or(disjuncts)
}

fn negate(condition: Condition) -> Condition {
    match condition {
        Condition::Not(inner) => *inner,
        other => Condition::Not(Box::new(other)),
    }
}

/// A flat `&&` of terms (one term stays itself; nested `&&` lists are merged).
fn and(terms: Vec<Condition>) -> Condition {
    flatten(terms, true)
}

fn or(terms: Vec<Condition>) -> Condition {
    flatten(terms, false)
}

fn flatten(terms: Vec<Condition>, is_and: bool) -> Condition {
    let mut flat = Vec::new();
    for term in terms {
        match (term, is_and) {
            (Condition::And(inner), true) | (Condition::Or(inner), false) => flat.extend(inner),
            (other, _) => flat.push(other),
        }
    }
    if flat.len() == 1
        && let Some(only) = flat.pop()
    {
        return only;
    }
    if is_and {
        Condition::And(flat)
    } else {
        Condition::Or(flat)
    }
}

/// Condition text with choice `i` written `names[i]`: `&&` binds tighter than `||`, so only an
/// `||` inside `&&` and any list under `!` get parentheses.
pub fn render(condition: &Condition, names: &[String]) -> String {
    match condition {
        Condition::Default => "default".to_string(),
        Condition::Choice(i) => names.get(*i).cloned().unwrap_or_default(),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::And(_) | Condition::Or(_) => format!("!({})", render(inner, names)),
            other => format!("!{}", render(other, names)),
        },
        Condition::And(terms) => terms
            .iter()
            .map(|t| match t {
                Condition::Or(_) => format!("({})", render(t, names)),
                other => render(other, names),
            })
            .collect::<Vec<_>>()
            .join(" && "),
        Condition::Or(terms) => terms
            .iter()
            .map(|t| render(t, names))
            .collect::<Vec<_>>()
            .join(" || "),
    }
}
