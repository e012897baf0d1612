//! The number checker (`domain::check`, the same as `dangvu check-text`) on an article before
//! approval: the figures it finds wrong, cut off or ambiguous are listed and marked in the
//! text for the editor — flagged, never blocking the approval.
//!
//! [`highlighted`] marks the findings' spans in escaped HTML. The checker's own page
//! (`pages::check`, on the `check` branch) has a highlight function of the same shape; once
//! both are merged this one should give way to it.

use domain::check::{Finding, Severity};

/// What the checker said about an article's text.
#[derive(Debug, Clone, Default)]
pub struct FigureCheck {
    /// Whether a checker ran at all.
    pub ran: bool,
    /// Figures compared.
    pub checked: usize,
    /// Findings that are errors (the figures to look at again).
    pub errors: usize,
    /// Each finding: "Dòng 3 (sai): «06 đồng chí, chiếm 27,5%» — …".
    pub lines: Vec<String>,
    /// The text as safe HTML with the findings marked (`<mark>`), when there are any.
    pub highlighted: Option<String>,
}

/// Checks the figures of `text` (the title, a blank line, the body).
pub fn check(text: &str) -> FigureCheck {
    let report = domain::check::check(text);
    let lines = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "Dòng {} ({}): «{}» — {}",
                f.line,
                f.severity.label(),
                f.quote,
                f.message
            )
        })
        .collect();
    FigureCheck {
        ran: true,
        checked: report.summary.checked,
        errors: report.summary.errors,
        lines,
        highlighted: (!report.findings.is_empty())
            .then(|| highlighted(&report.text, &report.findings)),
    }
}

fn mark_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "so-lieu-sai",
        Severity::Note => "so-lieu-ghi-chu",
        Severity::Ambiguous => "so-lieu-chua-ro",
    }
}

/// `text` as escaped HTML with each finding's span (bytes of `text`) in a `<mark>` titled
/// with its message; a span that overlaps the one before or falls off the characters is left
/// unmarked.
pub fn highlighted(text: &str, findings: &[Finding]) -> String {
    let mut order: Vec<&Finding> = findings.iter().collect();
    order.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len() + 100 * findings.len());
    let mut at = 0;
    for f in order {
        let (start, end) = (f.span.start, f.span.end);
        if start < at
            || start >= end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&escape(&text[at..start]));
        out.push_str(&format!(
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            mark_class(f.severity),
            escape(&f.message),
            escape(&text[start..end])
        ));
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn escape(s: &str) -> String {
    crate::error::escape(s).replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_share_is_flagged_and_marked_in_escaped_text() {
        let c = check(
            "Tin <b>\n\nChi bộ Sở Ngoại vụ hiện tại có 22 đảng viên trong đó dưới độ tuổi 35 là 06 đồng chí, chiếm 27,5%; từ 35-40 tuổi có 08 đồng chí, chiếm 36,4%.",
        );
        assert!(c.ran);
        assert_eq!(c.errors, 1, "{:?}", c.lines);
        let h = c.highlighted.unwrap();
        assert!(h.contains("<mark class=\"so-lieu-sai\""), "{h}");
        assert!(h.contains("Tin &lt;b&gt;"), "{h}");
        let right = check(
            "Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên trong đó dưới độ tuổi 35 là 06 đồng chí, chiếm 27,3%; từ 35-40 tuổi có 08 đồng chí, chiếm 36,4%.",
        );
        assert_eq!(right.errors, 0, "{:?}", right.lines);
    }
}
