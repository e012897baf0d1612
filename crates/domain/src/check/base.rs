//! The base a figure refers to: the nearest whole stated before it, in its block of lines (a
//! blank line ends a block). A number that is itself a part — a count with its percentage,
//! an item of a list, a count after a whole's "trong đó" in the same sentence — is never the
//! first reading of a base; the other numbers before it are the other readings, which make a
//! wrong figure "ambiguous" when one of them would make it right.

use std::collections::HashSet;

use super::role::{Doc, Role};
use super::token::Kind;

/// Where each token's sentence and block begin.
pub(crate) struct Layout {
    pub sentence: Vec<usize>,
    pub block: Vec<usize>,
}

/// How far back (in tokens) a base is looked for.
const REACH: usize = 4000;

impl Layout {
    pub fn new(doc: &Doc) -> Layout {
        let n = doc.toks.len();
        let mut sentence = Vec::with_capacity(n);
        let mut block = Vec::with_capacity(n);
        let (mut s, mut b) = (0, 0);
        for (i, t) in doc.toks.iter().enumerate() {
            sentence.push(s);
            block.push(b);
            match t.kind {
                Kind::Break { blank } => {
                    s = i + 1;
                    if blank {
                        b = i + 1;
                    }
                }
                Kind::Punct('.' | ';' | '!' | '?') => s = i + 1,
                _ => {}
            }
        }
        Layout { sentence, block }
    }

    /// The last token of `i`'s sentence.
    pub fn sentence_end(&self, i: usize) -> usize {
        let s = self.sentence[i];
        let mut k = i;
        while k + 1 < self.sentence.len() && self.sentence[k + 1] == s {
            k += 1;
        }
        k
    }
}

/// The marker after a whole and its noun ("22 đảng viên, trong đó", "67 Huân chương (",
/// "05 đồng chí gồm"): the index of the first token after the marker, and the marker.
pub(crate) fn marker_after(doc: &Doc, whole: usize) -> Option<(usize, Marker)> {
    let mut k = whole + 1;
    let mut words = 0;
    while doc.lower(k).is_some() && words <= 6 {
        if let Some(m) = marker_at(doc, k) {
            return Some(m);
        }
        k += 1;
        words += 1;
    }
    match doc.punct(k) {
        Some(',') => marker_at(doc, k + 1),
        Some('(') => Some(match marker_at(doc, k + 1) {
            Some((after, Marker::Among)) => (after, Marker::Among),
            _ => (k + 1, Marker::Paren),
        }),
        Some(':') => Some((k + 1, Marker::Includes)),
        _ => None,
    }
}

/// How a list is attached to its whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// "67 Huân chương (52 tập thể và 15 cá nhân)": the parts in brackets.
    Paren,
    /// "gồm", "bao gồm", ':': the parts make the whole.
    Includes,
    /// "trong đó": some of the whole, not necessarily all of it.
    Among,
}

fn marker_at(doc: &Doc, k: usize) -> Option<(usize, Marker)> {
    match (doc.lower(k), doc.lower(k + 1), doc.lower(k + 2)) {
        (Some("trong"), Some("đó"), _) => Some((k + 2, Marker::Among)),
        (Some("trong"), Some("số"), Some("đó")) => Some((k + 3, Marker::Among)),
        (Some("gồm"), _, _) => Some((k + 1, Marker::Includes)),
        (Some("bao"), Some("gồm"), _) => Some((k + 2, Marker::Includes)),
        _ => None,
    }
}

/// The counts that are parts of something: `known` (the counts of percentages and the
/// items of lists) and every count after a whole's marker in the same sentence.
pub(crate) fn parts(doc: &Doc, layout: &Layout, known: &[usize]) -> HashSet<usize> {
    let mut set: HashSet<usize> = known.iter().copied().collect();
    let mut i = 0;
    while i < doc.toks.len() {
        if doc.roles[i] == Role::Count
            && let Some((after, _)) = marker_after(doc, i)
        {
            let end = layout.sentence_end(i);
            for k in after..=end.min(doc.toks.len() - 1) {
                if doc.roles[k] == Role::Count {
                    set.insert(k);
                }
            }
            i = after.max(i + 1);
            continue;
        }
        i += 1;
    }
    set
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Base {
    pub tok: usize,
    pub value: u128,
}

/// The readings of the base of the figure at token `at` whose count is `min`: the nearest
/// whole before it that is no part (the first reading), and the other values stated before
/// it in the block that are at least `min` (the other readings).
pub(crate) struct Bases {
    pub primary: Option<Base>,
    pub others: Vec<Base>,
}

pub(crate) fn bases(
    doc: &Doc,
    layout: &Layout,
    parts: &HashSet<usize>,
    at: usize,
    min: u128,
) -> Bases {
    let floor = layout.block[at].max(at.saturating_sub(REACH));
    let mut primary: Option<Base> = None;
    let mut others: Vec<Base> = Vec::new();
    let class = noun_class(doc, at);
    for k in (floor..at).rev() {
        if doc.roles[k] != Role::Count {
            continue;
        }
        if let (Some(a), Some(b)) = (class, noun_class(doc, k))
            && a != b
        {
            continue;
        }
        let Some(value) = doc.int(k).filter(|v| *v >= min && *v > 0) else {
            continue;
        };
        let b = Base { tok: k, value };
        if primary.is_none() && !parts.contains(&k) {
            primary = Some(b);
        } else if !others.iter().any(|o| o.value == value) {
            others.push(b);
        }
    }
    if let Some(p) = primary {
        others.retain(|o| o.value != p.value);
    }
    Bases { primary, others }
}

/// What a count counts, when its noun says it: people or organizations (a share of people
/// is never taken of a number of branches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    People,
    Households,
    Organizations,
    Targets,
}

fn noun_class(doc: &Doc, k: usize) -> Option<Class> {
    let one = doc.lower(k + 1)?;
    let two = (one, doc.lower(k + 2).unwrap_or(""));
    match two {
        ("đồng", "chí")
        | ("đảng", "viên")
        | ("cán", "bộ")
        | ("công", "chức")
        | ("viên", "chức")
        | ("đoàn", "viên")
        | ("hội", "viên")
        | ("quần", "chúng")
        | ("giáo", "viên")
        | ("nhân", "viên")
        | ("đại", "biểu")
        | ("cá", "nhân")
        | ("nhân", "khẩu")
        | ("người", _) => Some(Class::People),
        ("hộ", _) | ("gia", "đình") => Some(Class::Households),
        ("chi", "bộ")
        | ("tổ", "chức")
        | ("đảng", "bộ")
        | ("đơn", "vị")
        | ("cơ", "sở")
        | ("tập", "thể")
        | ("thôn", _)
        | ("ấp", _)
        | ("xã", _)
        | ("phường", _) => Some(Class::Organizations),
        ("chỉ", "tiêu") => Some(Class::Targets),
        _ => None,
    }
}

/// Up to three words after the number at `k`, for a message ("22 đảng viên").
pub(crate) fn noun_after(doc: &Doc, text: &str, k: usize) -> String {
    let mut end = doc.toks[k].end;
    let mut j = k + 1;
    while j <= k + 3
        && let Some(w) = doc.lower(j)
    {
        if matches!(w, "trong" | "gồm" | "và" | "chiếm" | "có" | "là" | "được") {
            break;
        }
        end = doc.toks[j].end;
        j += 1;
    }
    text[doc.toks[k].start..end].to_string()
}
