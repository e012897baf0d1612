//! Lists of parts ("8 cao cấp, 6 trung cấp và 7 sơ cấp"; "67 Huân chương (52 tập thể và 15
//! cá nhân)") and the dimension their labels name. Whether a list must add up to its whole
//! depends on the dimension: men and women, official and probationary members, collectives
//! and individuals, the posts of a committee make the whole; political theory, qualification
//! and ratings may leave some members out (one member may have no theory level at all).

use super::base::{Marker, marker_after};
use super::role::{Doc, Role};

/// A list of at least two counts, each with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct List {
    pub items: Vec<usize>,
    /// The last token of the last label.
    pub last: usize,
    /// The whole it hangs from ("67 Huân chương (…)"), with the marker between.
    pub attached: Option<(usize, Marker)>,
    pub dimension: Option<Dim>,
}

impl List {
    pub fn sum(&self, doc: &Doc) -> u128 {
        self.items.iter().filter_map(|&k| doc.int(k)).sum()
    }

    pub fn max(&self, doc: &Doc) -> u128 {
        self.items
            .iter()
            .filter_map(|&k| doc.int(k))
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dim {
    Theory,
    Qualification,
    Sex,
    Membership,
    Rating,
    Collective,
    Post,
}

impl Dim {
    const ALL: [Dim; 7] = [
        Dim::Theory,
        Dim::Qualification,
        Dim::Sex,
        Dim::Membership,
        Dim::Rating,
        Dim::Collective,
        Dim::Post,
    ];

    /// The labels of the dimension, in lower case.
    fn terms(self) -> &'static [&'static [&'static str]] {
        match self {
            Dim::Theory => &[
                &["cao", "cấp"],
                &["trung", "cấp"],
                &["sơ", "cấp"],
                &["cử", "nhân", "chính", "trị"],
                &["chưa", "qua", "đào", "tạo"],
            ],
            Dim::Qualification => &[
                &["tiến", "sĩ"],
                &["thạc", "sĩ"],
                &["đại", "học"],
                &["cao", "đẳng"],
                &["trung", "cấp"],
                &["sơ", "cấp"],
                &["chưa", "qua", "đào", "tạo"],
            ],
            Dim::Sex => &[&["nam"], &["nữ"]],
            Dim::Membership => &[&["chính", "thức"], &["dự", "bị"]],
            Dim::Rating => &[
                &["hoàn", "thành", "xuất", "sắc"],
                &["hoàn", "thành", "tốt"],
                &["hoàn", "thành", "nhiệm", "vụ"],
                &["không", "hoàn", "thành"],
            ],
            Dim::Collective => &[&["tập", "thể"], &["cá", "nhân"]],
            Dim::Post => &[
                &["bí", "thư"],
                &["ủy", "viên"],
                &["uỷ", "viên"],
                &["chủ", "tịch"],
                &["trưởng", "ban"],
                &["thư", "ký"],
            ],
        }
    }

    /// Long labels are also matched without diacritics ("7 sở cấp" is a typo of "sơ cấp");
    /// one-word labels are not ("năm" is no "nam").
    fn folds(self) -> bool {
        matches!(self, Dim::Theory | Dim::Qualification | Dim::Rating)
    }

    /// The parts must make the whole.
    pub fn exhaustive(self) -> bool {
        matches!(
            self,
            Dim::Sex | Dim::Membership | Dim::Collective | Dim::Post
        )
    }

    /// Why parts that fall `n` short of the whole may still be right.
    pub fn shortfall(self, n: u128) -> String {
        let n = super::verdict::decimal_text(n, 0);
        match self {
            Dim::Theory => format!("{n} đồng chí chưa qua đào tạo lý luận chính trị"),
            Dim::Qualification => {
                format!("{n} đồng chí có trình độ khác hoặc chưa qua đào tạo chuyên môn")
            }
            Dim::Rating => format!("{n} đồng chí được miễn hoặc chưa đánh giá, xếp loại"),
            _ => format!("{n} trường hợp không được liệt kê"),
        }
    }
}

/// Every list of counts in the text.
pub(crate) fn lists(doc: &Doc, sentence_end_of: impl Fn(usize) -> usize) -> Vec<List> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.toks.len() {
        if doc.roles[i] != Role::Count {
            i += 1;
            continue;
        }
        let (items, last) = chain(doc, i);
        if items.len() >= 2 {
            let end = sentence_end_of(i);
            out.push(List {
                attached: attached(doc, i),
                dimension: dimension(doc, &items, last, i, end),
                items,
                last,
            });
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The items chained from the count at `first`: count, label (1 to 6 words), then ",", "và"
/// or ", và" and the next count. Returns the items and the last token of the last label.
fn chain(doc: &Doc, first: usize) -> (Vec<usize>, usize) {
    let mut items = vec![];
    let mut k = first;
    let mut last = first;
    loop {
        let mut end = k + 1;
        while end <= k + 6 && doc.lower(end).is_some_and(|w| w != "và") {
            end += 1;
        }
        if end == k + 1 {
            break;
        }
        items.push(k);
        last = end - 1;
        let mut next = end;
        if doc.punct(next) == Some(',') {
            next += 1;
        }
        if doc.lower(next) == Some("và") {
            next += 1;
        }
        if next == end || doc.roles.get(next) != Some(&Role::Count) {
            break;
        }
        k = next;
    }
    (items, last)
}

/// The whole a list hangs from: the count before it, its noun and a marker.
fn attached(doc: &Doc, first: usize) -> Option<(usize, Marker)> {
    let floor = first.saturating_sub(14);
    let whole = (floor..first)
        .rev()
        .find(|&w| doc.roles[w] == Role::Count || doc.punct(w).is_some_and(|c| ".;".contains(c)))
        .filter(|&w| doc.roles[w] == Role::Count)?;
    let (after, marker) = marker_after(doc, whole)?;
    let linked =
        after == first || (after + 1 == first && matches!(doc.lower(after), Some("có" | "là")));
    linked.then_some((whole, marker))
}

/// The one dimension every item's label names, if any; theory and qualification share
/// "trung cấp" and "sơ cấp", and the sentence's "chính trị" or "chuyên môn" tells them apart.
fn dimension(doc: &Doc, items: &[usize], last: usize, start: usize, end: usize) -> Option<Dim> {
    let mut common: Vec<Dim> = Dim::ALL.to_vec();
    for (n, &item) in items.iter().enumerate() {
        let label_end = items.get(n + 1).copied().unwrap_or(last + 1);
        let label: Vec<usize> = (item + 1..label_end)
            .filter(|&k| doc.lower(k).is_some())
            .collect();
        common.retain(|d| names(doc, &label, *d));
    }
    match common.as_slice() {
        [] => None,
        [d] => Some(*d),
        _ => {
            let context = |a: &str, b: &str| {
                (start.saturating_sub(12)..end)
                    .any(|k| doc.lower(k) == Some(a) && doc.lower(k + 1) == Some(b))
            };
            if context("chuyên", "môn") && common.contains(&Dim::Qualification) {
                Some(Dim::Qualification)
            } else {
                common.first().copied()
            }
        }
    }
}

/// The label (word tokens) contains one of the dimension's terms.
fn names(doc: &Doc, label: &[usize], d: Dim) -> bool {
    d.terms().iter().any(|term| {
        label.windows(term.len()).any(|w| {
            w.iter().zip(term.iter()).all(|(&k, t)| {
                doc.lower(k) == Some(t)
                    || (d.folds() && doc.folded(k) == Some(&crate::text::search_key(t)))
            })
        })
    })
}
