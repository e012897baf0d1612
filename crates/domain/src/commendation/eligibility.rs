//! Which titles and awards a subject may be proposed for in a year, and why (DOMAIN.md §8;
//! CONTRACTS.md `dangvu commend eligible`). Each title or award is one rule in `individual` or
//! `collective`; the named rules they share live in `judge`.

use serde::Serialize;

use super::case::{Case, Thresholds};
use super::judge::Judge;
use super::kind::{AwardKind, Subject};
use super::{collective, individual};

/// The decision on one title or award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub award: AwardKind,
    pub eligible: bool,
    /// The article that decided, e.g. "Luật Thi đua, khen thưởng 2022, Điều 24".
    pub rule: String,
    /// The conditions that held, or the first that failed, in Vietnamese.
    pub reasons: Vec<String>,
}

/// Decides every title and award the subject's kind may receive (in the contract's order).
pub fn decide(case: &Case, t: &Thresholds) -> Vec<Verdict> {
    let judge = Judge::new(case, t, rules_of(case.subject));
    let kinds: &[AwardKind] = match case.subject {
        Subject::Individual => &AwardKind::FOR_INDIVIDUAL,
        Subject::Collective => &AwardKind::FOR_COLLECTIVE,
    };
    kinds.iter().map(|k| verdict(&judge, *k)).collect()
}

/// Decides one title or award.
pub fn decide_one(case: &Case, t: &Thresholds, kind: AwardKind) -> Verdict {
    verdict(&Judge::new(case, t, rules_of(case.subject)), kind)
}

fn rules_of(subject: Subject) -> super::judge::Rules {
    match subject {
        Subject::Individual => individual::judge,
        Subject::Collective => collective::judge,
    }
}

fn verdict(j: &Judge, award: AwardKind) -> Verdict {
    let (article, outcome) = (j.rules)(j, award);
    let (eligible, reasons) = match outcome {
        Ok(r) => (true, r),
        Err(why) => (false, vec![why]),
    };
    Verdict {
        award,
        eligible,
        rule: format!("{}, {article}", j.t.law()),
        reasons,
    }
}
