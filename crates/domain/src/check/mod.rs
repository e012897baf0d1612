//! The number checker (`dangvu check-text`, the page "Kiểm tra số liệu"): reads a Vietnamese
//! text written by a person and checks every figure it can tie to another — a percentage
//! against its count and base, "X/Y" against the percentage beside it, parts against their
//! whole, a percentage against the whole counts of its base — and says which are wrong, which
//! were cut off instead of rounded, and which could be read more than one way.
//!
//! How a base is found and a severity decided: docs/DESIGN.md, "The number checker".

mod base;
mod judge;
mod parts;
mod percent;
mod role;
mod token;
mod verdict;

#[cfg(test)]
mod tests;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A count's percentage of its base.
    Percent,
    /// "X/Y" against its percentage.
    Ratio,
    /// Parts against their whole.
    PartsSum,
    /// A percentage no whole count of its base can give.
    Attainable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Wrong at the precision it is written in.
    Error,
    /// The exact value cut off instead of rounded.
    Note,
    /// Right under one reading of the base, wrong under another; the message names them.
    Ambiguous,
}

impl Severity {
    /// The word the pages and the command print.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "sai",
            Severity::Note => "ghi chú",
            Severity::Ambiguous => "chưa rõ",
        }
    }
}

/// Where a finding stands in the checked text ([`Report::text`]): bytes and characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// 1-based line of the text.
    pub line: usize,
    /// The text as it stands there.
    pub quote: String,
    pub kind: FindingKind,
    pub severity: Severity,
    /// The stated percentage (`null` for a list of parts).
    pub stated: Option<f64>,
    /// The exact percentage, two decimals.
    pub computed: Option<f64>,
    /// The count (for a list: the sum of its parts).
    pub count: Option<u128>,
    /// The base, or the whole of a list.
    pub base: Option<u128>,
    /// What is wrong, in Vietnamese, with Vietnamese numbers.
    pub message: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every figure tied to another and compared (listed or not).
    pub checked: usize,
    pub errors: usize,
    pub notes: usize,
    pub ambiguous: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The text the spans refer to: the input in NFC, without a byte-order mark.
    #[serde(skip)]
    pub text: String,
}

/// Checks every figure of `raw`.
pub fn check(raw: &str) -> Report {
    let text: String = raw.trim_start_matches('\u{feff}').nfc().collect();
    let doc = role::Doc::new(token::tokenize(&text));
    let layout = base::Layout::new(&doc);
    let lists = parts::lists(&doc, |i| layout.sentence_end(i));
    let links = percent::links(&doc, &layout.sentence, &text);
    let known: Vec<usize> = links
        .iter()
        .filter_map(|l| match l.tie {
            // A count that is 100% of something is a whole, not a part.
            percent::Tie::Count(c)
                if l.stated(&doc)
                    .is_some_and(|n| n.units != 100 * 10u128.pow(n.scale)) =>
            {
                Some(c)
            }
            _ => None,
        })
        .chain(
            lists
                .iter()
                .filter(|l| l.attached.is_some() || l.dimension.is_some())
                .flat_map(|l| l.items.iter().copied()),
        )
        .collect();
    let part_set = base::parts(&doc, &layout, &known);
    let judge = judge::Judge {
        doc: &doc,
        layout: &layout,
        parts: &part_set,
        text: &text,
    };
    let mut summary = Summary::default();
    let mut raws = Vec::new();
    let outcomes = links
        .iter()
        .map(|l| judge.link(l))
        .chain(lists.iter().map(|l| judge.list(l)));
    for found in outcomes.flatten() {
        summary.checked += 1;
        raws.extend(found);
    }
    let findings = place(&doc, &text, raws);
    for f in &findings {
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Note => summary.notes += 1,
            Severity::Ambiguous => summary.ambiguous += 1,
        }
    }
    Report {
        findings,
        summary,
        text,
    }
}

/// The findings in the order of the text, each with its line, quote and span.
fn place(doc: &role::Doc, text: &str, mut raws: Vec<judge::Raw>) -> Vec<Finding> {
    raws.sort_by_key(|r| (doc.toks[r.first].start, doc.toks[r.last].end));
    let mut chars = 0;
    let mut at = 0;
    let mut char_at = |byte: usize| {
        if byte >= at {
            chars += text[at..byte].chars().count();
        } else {
            chars -= text[byte..at].chars().count();
        }
        at = byte;
        chars
    };
    raws.into_iter()
        .map(|r| {
            let (start, end) = (doc.toks[r.first].start, doc.toks[r.last].end);
            let span = Span {
                start,
                end,
                char_start: char_at(start),
                char_end: char_at(end),
            };
            Finding {
                line: doc.toks[r.first].line,
                quote: text[start..end].to_string(),
                kind: r.kind,
                severity: r.severity,
                stated: r.stated,
                computed: r.computed,
                count: r.count,
                base: r.base,
                message: r.message,
                span,
            }
        })
        .collect()
}
