//! The number checker on an article before approval (issue 14 item 5): the figures it finds
//! wrong are shown to the editor highlighted in the text, flagged but never blocking.
//!
//! HOOK: `domain::check` is built on the branch `check`; until it is merged, [`check`] runs
//! nothing and the editor says so. Once merged, [`check`] calls it and fills [`FigureCheck`]
//! with the findings and the text highlighted by `pages::check`'s highlight function.

/// What the checker said about an article's text.
#[derive(Debug, Clone, Default)]
pub struct FigureCheck {
    /// Whether a checker ran at all.
    pub ran: bool,
    /// Findings that are errors (the figures to look at again).
    pub errors: usize,
    /// Each finding as a line: "Dòng 3: «06 đồng chí, chiếm 27,5%» — …".
    pub lines: Vec<String>,
    /// The text as safe HTML with the flagged figures marked (`<mark>`), when there are any.
    pub highlighted: Option<String>,
}

/// Checks the figures of `text` (title and body).
pub fn check(_text: &str) -> FigureCheck {
    FigureCheck::default()
}
