//! Formula injection in .csv files (OWASP, "CSV Injection"): a spreadsheet program runs a
//! cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a
//! name typed as `=HYPERLINK(…)` would run on the machine of whoever opens the export.
//! OWASP's rule: prefix such a cell with a single quote and keep it quoted. The reader takes
//! the quote off again, so an exported file imports back to the same values. The .xlsx
//! export needs none of this: its cells are written as text cells, never as formulas.

/// The first characters that make a spreadsheet read a cell as a formula (OWASP).
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` would be read as a formula, or is a quote followed by what would be one
/// (so that quoting stays reversible for a value that itself starts with a quote).
fn needs_quote(cell: &str) -> bool {
    match cell.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => true,
        Some('\'') => needs_quote(&cell[1..]),
        _ => false,
    }
}

/// A cell as the .csv export writes it: with a leading `'` when a spreadsheet would
/// otherwise run it.
pub(super) fn neutralize(cell: &str) -> String {
    if needs_quote(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell read from a .csv file, with the quote [`neutralize`] added taken off.
pub(super) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_and_come_back() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"bấm\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "''-x",
        ] {
            let written = neutralize(cell);
            assert!(written.starts_with('\''), "{cell:?}");
            assert_eq!(restore(&written), cell, "{cell:?}");
        }
        for cell in ["Nguyễn Văn A", "", "'abc", "a=b", "01234567"] {
            assert_eq!(neutralize(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }
}
