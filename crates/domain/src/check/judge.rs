//! The judgement of each tied figure: right (counted, not listed), a note (cut off instead of
//! rounded), ambiguous (another reading of the base would make it right), or an error; and
//! the Vietnamese message that says which numbers were compared.

use std::collections::HashSet;

use super::base::{Bases, Layout, Marker, bases, noun_after};
use super::parts::List;
use super::percent::{Link, Tie};
use super::role::Doc;
use super::verdict::{
    Verdict, computed, decimal_text, fraction_text, percent_text, rounded_text, value, verdict,
};
use super::{FindingKind, Severity};

/// The words after a percentage name its base: "3,2% tổng số đảng viên", "69,2% số đảng viên
/// dự", "trên tổng số".
fn names_base(doc: &Doc, pct: usize) -> bool {
    let w = |k: usize| doc.lower(pct + k);
    matches!(w(2), Some("tổng" | "số"))
        || (matches!(w(2), Some("trên" | "của" | "so")) && matches!(w(3), Some("tổng" | "số")))
}

/// The severity and message of a list of parts that does not make its whole: an error when
/// the parts exceed it or, attached to it, name a dimension that must make it (men and women);
/// ambiguous when they may leave some out, when they are not attached to it, or when their
/// labels say nothing of whether they make it.
fn parts_verdict(
    list: &List,
    attached: Option<Marker>,
    sum: u128,
    whole: u128,
    others: &[super::base::Base],
    head: &str,
    whole_text: &str,
) -> (Severity, String) {
    let known = list.dimension;
    if others.iter().any(|o| o.value == sum) {
        return (
            Severity::Ambiguous,
            format!(
                "{head}, khác {whole_text} nhưng bằng một tổng số khác nêu trước đó: chưa rõ các phần này thuộc tổng số nào"
            ),
        );
    }
    if sum > whole && (known.is_some() || attached == Some(Marker::Includes)) {
        return (
            Severity::Error,
            format!("{head}, nhiều hơn tổng số {whole_text}"),
        );
    }
    let must_make = attached.is_some() && known.is_some_and(|d| d.exhaustive());
    if must_make {
        return (
            Severity::Error,
            format!("{head}, ít hơn tổng số {whole_text}"),
        );
    }
    let why = match (known, attached) {
        (Some(d), _) if !d.exhaustive() && sum < whole => d.shortfall(whole - sum),
        (_, None) => format!("các phần này không tính trên {whole_text}"),
        _ => "các phần được liệt kê không chia hết tổng số".to_string(),
    };
    let diff = if sum < whole {
        "ít hơn"
    } else {
        "nhiều hơn"
    };
    (
        Severity::Ambiguous,
        format!("{head}, {diff} tổng số {whole_text}: hoặc viết sai, hoặc {why}; cần xem lại"),
    )
}

/// A finding before its span is measured: the tokens it quotes.
pub(crate) struct Raw {
    pub kind: FindingKind,
    pub severity: Severity,
    pub first: usize,
    pub last: usize,
    pub stated: Option<f64>,
    pub computed: Option<f64>,
    pub count: Option<u128>,
    pub base: Option<u128>,
    pub message: String,
}

/// What checking one figure gave: `None` when it could not be checked (no base).
pub(crate) type Outcome = Option<Option<Raw>>;

pub(crate) struct Judge<'a> {
    pub doc: &'a Doc,
    pub layout: &'a Layout,
    pub parts: &'a HashSet<usize>,
    pub text: &'a str,
}

impl Judge<'_> {
    pub fn link(&self, l: &Link) -> Outcome {
        let stated = l.stated(self.doc)?;
        match l.tie {
            Tie::Count(c) => self.share(l, c, stated),
            Tie::Ratio(top, bottom) => {
                let (x, y) = (self.doc.int(top)?, self.doc.int(bottom)?);
                Some(self.simple(l, FindingKind::Ratio, x, y, stated))
            }
            Tie::Whole(w) => self.attainable(l, w, stated),
        }
    }

    fn raw(&self, l: &Link, kind: FindingKind, severity: Severity, x: u128, y: u128) -> Raw {
        let stated = self.doc.num(l.pct).map(value);
        Raw {
            kind,
            severity,
            first: l.first,
            last: l.last,
            stated,
            computed: Some(computed(x, y)),
            count: Some(x),
            base: Some(y),
            message: String::new(),
        }
    }

    /// A count against its base, the readings of the base weighed.
    fn share(&self, l: &Link, c: usize, stated: super::token::Number) -> Outcome {
        let count = self.doc.int(c)?;
        let Bases { primary, others } = bases(self.doc, self.layout, self.parts, c, count);
        let base = primary?.value;
        if verdict(count, base, stated) != Verdict::Wrong {
            return Some(self.simple(l, FindingKind::Percent, count, base, stated));
        }
        let fits: Vec<u128> = others
            .iter()
            .map(|o| o.value)
            .filter(|&v| verdict(count, v, stated) == Verdict::Right)
            .collect();
        if fits.is_empty() {
            return Some(self.simple(l, FindingKind::Percent, count, base, stated));
        }
        if names_base(self.doc, l.pct) {
            // "chiếm 3,2% tổng số đảng viên toàn huyện": the writer named the base, and one of
            // the wholes before gives the percentage.
            return Some(None);
        }
        let mut r = self.raw(l, FindingKind::Percent, Severity::Ambiguous, count, base);
        let readings: Vec<String> = std::iter::once(base)
            .chain(fits.iter().copied())
            .map(|b| fraction_text(count, b))
            .collect();
        r.message = format!(
            "Chưa rõ cơ sở tính của {}: {} (theo số gần nhất nêu trước) hay {}; cần ghi rõ tỷ lệ tính trên tổng số nào",
            percent_text(stated),
            readings[0],
            readings[1..].join(", hay ")
        );
        Some(Some(r))
    }

    /// `x / y` against the stated percentage: right, cut off, or wrong.
    fn simple(
        &self,
        l: &Link,
        kind: FindingKind,
        x: u128,
        y: u128,
        stated: super::token::Number,
    ) -> Option<Raw> {
        let (severity, message) = match verdict(x, y, stated) {
            Verdict::Right => return None,
            Verdict::Truncated => (
                Severity::Note,
                format!(
                    "{}, viết {}: số bị cắt bớt chứ không làm tròn (làm tròn là {})",
                    fraction_text(x, y),
                    percent_text(stated),
                    rounded_text(x, y, stated.scale)
                ),
            ),
            Verdict::Wrong => (
                Severity::Error,
                format!(
                    "{}, viết {} (đúng là {})",
                    fraction_text(x, y),
                    percent_text(stated),
                    rounded_text(x, y, stated.scale)
                ),
            ),
        };
        let mut r = self.raw(l, kind, severity, x, y);
        r.message = message;
        Some(r)
    }

    /// A share of a whole with no count: some whole count of the whole must give it.
    fn attainable(&self, l: &Link, w: usize, stated: super::token::Number) -> Outcome {
        let whole = self.doc.int(w).filter(|v| *v > 0)?;
        let scale = 100 * 10u128.pow(stated.scale);
        let k0 = stated.units * whole / scale;
        let near: Vec<u128> = (k0.saturating_sub(1)..=k0 + 2)
            .filter(|k| *k <= whole)
            .collect();
        let right = near
            .iter()
            .any(|&k| verdict(k, whole, stated) == Verdict::Right);
        if right {
            return Some(None);
        }
        let cut = near
            .iter()
            .find(|&&k| verdict(k, whole, stated) == Verdict::Truncated);
        let (severity, message) = match cut {
            Some(&k) => (
                Severity::Note,
                format!(
                    "{}, viết {}: số bị cắt bớt chứ không làm tròn (làm tròn là {})",
                    fraction_text(k, whole),
                    percent_text(stated),
                    rounded_text(k, whole, stated.scale)
                ),
            ),
            None => (
                Severity::Error,
                format!(
                    "Không có số nguyên nào trên {} cho {}: {}",
                    noun_after(self.doc, self.text, w),
                    percent_text(stated),
                    near.iter()
                        .filter(|&&k| k <= whole)
                        .map(|&k| fraction_text(k, whole))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        let mut r = self.raw(l, FindingKind::Attainable, severity, 0, whole);
        r.count = None;
        r.computed = None;
        r.message = message;
        Some(Some(r))
    }

    /// A list of parts against its whole.
    pub fn list(&self, list: &List) -> Outcome {
        let sum = list.sum(self.doc);
        let (whole_tok, others) = match list.attached {
            Some((w, _)) => (w, Vec::new()),
            None => {
                list.dimension?;
                let b = bases(
                    self.doc,
                    self.layout,
                    self.parts,
                    list.items[0],
                    list.max(self.doc),
                );
                (b.primary?.tok, b.others)
            }
        };
        let whole = self.doc.int(whole_tok)?;
        if sum == whole {
            return Some(None);
        }
        let attached = list.attached.map(|(_, m)| m);
        if attached == Some(Marker::Among) && list.dimension.is_none() {
            return None;
        }
        // A list not hung from its whole that is less than half of it is about something else.
        if attached.is_none() && sum * 2 < whole {
            return None;
        }
        let terms: Vec<String> = list
            .items
            .iter()
            .filter_map(|&k| self.doc.int(k))
            .map(|v| decimal_text(v, 0))
            .collect();
        let whole_text = noun_after(self.doc, self.text, whole_tok);
        let head = format!("{} = {}", terms.join(" + "), decimal_text(sum, 0));
        let (severity, message) =
            parts_verdict(list, attached, sum, whole, &others, &head, &whole_text);
        Some(Some(Raw {
            kind: FindingKind::PartsSum,
            severity,
            first: list.items[0],
            last: list.last,
            stated: None,
            computed: None,
            count: Some(sum),
            base: Some(whole),
            message,
        }))
    }
}
