//! The number checker (`domain::check`, the same as `dangvu check-text`) on an article before
//! approval: the figures it finds wrong, cut off or ambiguous are listed and marked in the
//! text for the editor — flagged, never blocking the approval.
//!
//! The text is marked by the checker page's own `pages::check::highlighted`, so both pages
//! show a finding alike.

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
            .then(|| crate::pages::check::highlighted(&report.text, &report.findings)),
    }
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
