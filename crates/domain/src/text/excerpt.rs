//! The quote of a bad value in an error message: a short prefix, so that a 10 MB cell gives a
//! one-line message on the page and on the terminal, not a 10 MB one (issue 18 §5.7).

/// How many characters of a value an error message quotes.
pub const EXCERPT_CHARS: usize = 60;

/// `raw` as an error message quotes it: at most [`EXCERPT_CHARS`] characters, then "…" when
/// it was longer; line breaks and other control characters become spaces, so that the quote
/// stays on the message's line.
pub fn excerpt(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if raw.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_after_sixty_characters() {
        let long = "ễ".repeat(10_000_000 / 3);
        let q = excerpt(&long);
        assert_eq!(q.chars().count(), EXCERPT_CHARS + 1);
        assert!(q.ends_with('…'));
        assert_eq!(excerpt(&"a".repeat(60)), "a".repeat(60));
        assert_eq!(excerpt("Nguyễn Văn A"), "Nguyễn Văn A");
        assert_eq!(excerpt("dòng 1\ndòng 2\t"), "dòng 1 dòng 2 ");
    }
}
