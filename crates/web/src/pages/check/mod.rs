//! The page "Kiểm tra số liệu" (`/kiem-tra-so-lieu`): anyone signed in pastes a text (or
//! sends a .txt file) and sees its figures checked by `domain::check`, the wrong ones
//! highlighted in the text (`page`); and [`highlighted`], the text with its findings marked as
//! escaped HTML, which other pages (the portal's article editor) reuse.

pub(crate) mod page;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use domain::check::{Finding, Severity};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/kiem-tra-so-lieu",
        get(page::form)
            .post(page::submit)
            .layer(DefaultBodyLimit::max(page::BODY_LIMIT)),
    )
}

/// The class of a finding's mark: errors red, notes and ambiguous readings in their colours.
pub(crate) fn mark_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "so-lieu-sai",
        Severity::Note => "so-lieu-ghi-chu",
        Severity::Ambiguous => "so-lieu-chua-ro",
    }
}

/// `text` as escaped HTML with each finding's span in a `<mark>` (its class from
/// [`mark_class`], its message as the title, its number after it, linking to `#so-lieu-N`).
/// The spans are those of `domain::check::check(text).findings` on the same text (its
/// `Report::text`); a finding that overlaps the one before it, or whose span does not fall on
/// the text's characters, is left unmarked. Line breaks are kept (show it with
/// `white-space: pre-wrap`).
pub(crate) fn highlighted(text: &str, findings: &[Finding]) -> String {
    let mut order: Vec<(usize, &Finding)> = findings.iter().enumerate().collect();
    order.sort_by_key(|(_, f)| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len() + findings.len() * 120);
    let mut at = 0;
    for (n, f) in order {
        let (start, end) = (f.span.start, f.span.end);
        let fits = start >= at
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !fits {
            continue;
        }
        escape_into(&mut out, &text[at..start]);
        out.push_str(&format!(
            "<mark class=\"{}\" title=\"",
            mark_class(f.severity)
        ));
        escape_into(&mut out, &f.message);
        out.push_str("\">");
        escape_into(&mut out, &text[start..end]);
        out.push_str(&format!(
            "<a class=\"so-lieu-so\" href=\"#so-lieu-{0}\">{0}</a></mark>",
            n + 1
        ));
        at = end;
    }
    escape_into(&mut out, &text[at..]);
    out
}

/// Appends `s` with every character that means something in HTML escaped.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_wrong_figure_and_escapes_everything_else() {
        let text = "<b>Chi bộ</b> \"A&B\" có 22 đảng viên, trong đó 06 đồng chí nữ, chiếm 27,5%.";
        let r = domain::check::check(text);
        let html = highlighted(&r.text, &r.findings);
        assert!(
            html.starts_with("&lt;b&gt;Chi bộ&lt;/b&gt; &#34;A&amp;B&#34;"),
            "{html}"
        );
        assert!(html.contains("<mark class=\"so-lieu-sai\" title=\"6/22 = 27,27%, viết 27,5% (đúng là 27,3%)\">06 đồng chí nữ, chiếm 27,5%<a class=\"so-lieu-so\" href=\"#so-lieu-1\">1</a></mark>"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn spans_that_overlap_or_fall_outside_are_left_unmarked() {
        let r = domain::check::check("Chi bộ có 22 đảng viên, trong đó 06 đồng chí, chiếm 27,5%.");
        let mut twice = r.findings.clone();
        twice.extend(r.findings.clone());
        assert_eq!(highlighted(&r.text, &twice).matches("<mark").count(), 1);
        let mut outside = r.findings[0].clone();
        outside.span.end = r.text.len() + 5;
        assert_eq!(highlighted(&r.text, &[outside]), r.text);
    }
}
