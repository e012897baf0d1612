//! Percentages tied to what they are a share of: a count ("06 đồng chí, chiếm 27,5%"), a
//! fraction ("8/9 chỉ tiêu, đạt 90%", "đạt 90% (9/10)"), or a whole with no count ("7 đảng
//! viên, trong đó nữ chiếm 33%", checked for being attainable at all). A percentage that is a
//! bound ("từ 90% trở lên", "trên 60%"), a target's achievement ("đạt 80% chỉ tiêu") or a
//! rate without its count is not tied, and not checked.

use super::role::{Doc, Role};
use super::token::Number;

/// What a percentage is tied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tie {
    /// The count of a share; its base is looked for before it.
    Count(usize),
    /// "X/Y": the tokens of X and Y.
    Ratio(usize, usize),
    /// A whole with no count: the percentage must be attainable on it.
    Whole(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Link {
    /// The percentage's number.
    pub pct: usize,
    pub tie: Tie,
    /// The first and last tokens of the quote.
    pub first: usize,
    pub last: usize,
}

impl Link {
    pub fn stated(&self, doc: &Doc) -> Option<Number> {
        doc.num(self.pct)
    }
}

/// How the words between a number and its percentage join them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// "chiếm", "tỷ lệ", "bằng", "=", "(", a table's column.
    Share,
    /// ", đạt": a fraction's achievement, never a count's (which is a target's achievement).
    Reach,
    /// "trong đó … chiếm": a whole, no count.
    OfWhole,
}

/// Every percentage of the text tied to a count, a fraction or a whole.
pub(crate) fn links(doc: &Doc, sentence: &[usize], text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for p in 0..doc.toks.len() {
        if doc.roles[p] != Role::Percent || untied(doc, p) {
            continue;
        }
        if doc
            .num(p)
            .is_none_or(|n| n.units > 100 * 10u128.pow(n.scale))
        {
            continue;
        }
        if let Some(l) = fraction_after(doc, p).or_else(|| before(doc, sentence, text, p)) {
            out.push(l);
        }
    }
    out
}

/// A bound, or a target's achievement: "từ 90% trở lên", "đạt 80% chỉ tiêu", "(Nghị quyết
/// 95%)".
fn untied(doc: &Doc, p: usize) -> bool {
    let after = (doc.lower(p + 2), doc.lower(p + 3));
    let before = (
        p.checked_sub(2).and_then(|k| doc.lower(k)),
        p.checked_sub(1).and_then(|k| doc.lower(k)),
    );
    matches!(
        after,
        (Some("trở"), Some("lên" | "xuống" | "đi"))
            | (Some("chỉ"), Some("tiêu"))
            | (Some("kế"), Some("hoạch"))
            | (Some("so"), Some("với"))
            | (Some("nghị"), Some("quyết"))
            | (Some("cùng"), Some("kỳ"))
            | (Some("dự"), Some("toán"))
            | (Some("mục"), Some("tiêu"))
            | (Some("yêu"), Some("cầu"))
    ) || matches!(
        before,
        (Some("nghị"), Some("quyết")) | (Some("chỉ"), Some("tiêu")) | (Some("mục"), Some("tiêu"))
    )
}

/// "đạt 90% (9/10 chỉ tiêu)": a fraction in brackets right after the percentage.
fn fraction_after(doc: &Doc, p: usize) -> Option<Link> {
    if doc.punct(p + 2) != Some('(') || doc.roles.get(p + 3) != Some(&Role::Numerator) {
        return None;
    }
    let last = if doc.punct(p + 6) == Some(')') {
        p + 6
    } else {
        p + 5
    };
    Some(Link {
        pct: p,
        tie: Tie::Ratio(p + 3, p + 5),
        first: p,
        last,
    })
}

/// The nearest number before the percentage in its sentence, if the words between tie them.
fn before(doc: &Doc, sentence: &[usize], text: &str, p: usize) -> Option<Link> {
    let start = sentence[p];
    let n = (start..p).rev().find(|&k| doc.is_num(k))?;
    let gap = &text[doc.toks[n].end..doc.toks[p].start];
    let (join, words) = join(doc, n + 1, p, gap)?;
    let tie = match (doc.roles[n], join) {
        (Role::Count, Join::Share) if words <= 10 => Tie::Count(n),
        (Role::Count, Join::OfWhole) => Tie::Whole(n),
        (Role::Denominator, Join::Share | Join::Reach) if words <= 12 => Tie::Ratio(n - 2, n),
        _ => return None,
    };
    let first = match tie {
        Tie::Ratio(top, _) => top,
        _ => n,
    };
    let closes = doc.punct(p + 2) == Some(')') && (first..p).any(|k| doc.punct(k) == Some('('));
    Some(Link {
        pct: p,
        tie,
        first,
        last: if closes { p + 2 } else { p + 1 },
    })
}

/// The connecting words, longest first, in lower case.
const SHARE: &[&[&str]] = &[
    &["chiếm", "tỷ", "lệ", "là"],
    &["chiếm", "tỉ", "lệ", "là"],
    &["chiếm", "tỷ", "lệ"],
    &["chiếm", "tỉ", "lệ"],
    &["đạt", "tỷ", "lệ"],
    &["đạt", "tỉ", "lệ"],
    &["tỷ", "lệ", "là"],
    &["tỉ", "lệ", "là"],
    &["tỷ", "lệ"],
    &["tỉ", "lệ"],
    &["tương", "đương"],
    &["chiếm"],
    &["bằng"],
    &["="],
    &["|"],
    &["("],
];

/// Reads the tokens `from..to` between a number and its percentage: a few words naming what
/// is counted, a comma or a bracket, and a connecting word. Returns how they join and how
/// many words name what is counted.
fn join(doc: &Doc, from: usize, to: usize, gap: &str) -> Option<(Join, usize)> {
    let mut syms: Vec<String> = Vec::with_capacity(to - from);
    for k in from..to {
        match (doc.lower(k), doc.punct(k)) {
            (Some(w), _) => syms.push(w.to_string()),
            (_, Some(c)) => syms.push(c.to_string()),
            _ => return None,
        }
    }
    if syms.is_empty() {
        return gap.contains('\t').then_some((Join::Share, 0));
    }
    let mut join = None;
    let mut chiem = false;
    for c in SHARE {
        if syms.ends_with(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>()) {
            syms.truncate(syms.len() - c.len());
            join = Some(Join::Share);
            chiem = c.len() > 1 || c[0] == "chiếm";
            break;
        }
    }
    if join.is_none() && syms.ends_with(&[",".to_string(), "đạt".to_string()]) {
        syms.truncate(syms.len() - 2);
        join = Some(Join::Reach);
    }
    let join = join?;
    for p in ["(", ",", "("] {
        if syms.last().is_some_and(|s| s == p) {
            syms.pop();
        }
    }
    let among =
        syms.windows(2).any(|w| w[0] == "trong" && w[1] == "đó") || syms.iter().any(|s| s == "gồm");
    let is_word = |s: &String| s.chars().all(char::is_alphabetic);
    match (among, join) {
        (true, Join::Share)
            if chiem && syms.len() <= 14 && syms.iter().all(|s| is_word(s) || s == ",") =>
        {
            Some((Join::OfWhole, syms.len()))
        }
        (false, _) if syms.iter().all(is_word) => Some((join, syms.len())),
        _ => None,
    }
}
