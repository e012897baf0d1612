//! The checker's reading of a text: numbers as Vietnamese write them ("1.588", "27,5") or as
//! typed by hand ("79.31"), words (lower case, and folded without diacritics), punctuation and
//! line breaks, each with its byte span and its 1-based line.

use crate::text::search_key;

/// A number as written: `units / 10^scale` ("27,5" is 275 with scale 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Number {
    pub units: u128,
    pub scale: u32,
    /// Four plain digits with no group dot ("2020", not "2.020"): may be a year.
    pub four_digits: bool,
}

impl Number {
    /// The whole number it is, if it has no decimals.
    pub fn integer(&self) -> Option<u128> {
        (self.scale == 0).then_some(self.units)
    }

    /// Reads "1.588", "10.937", "27,5", "1.234,5", "79.31" (a dot followed by other than
    /// three digits is a decimal point typed by hand); `None` for what is no number
    /// ("08.11.2019", "1,2,3", too many digits).
    pub fn parse(s: &str) -> Option<Number> {
        if s.len() > 24 {
            return None;
        }
        let (int_part, frac) = match s.split_once(',') {
            Some((_, f)) if f.contains(',') => return None,
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        if frac.is_some_and(|f| f.contains('.')) {
            return None;
        }
        let groups: Vec<&str> = int_part.split('.').collect();
        let grouped = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3);
        let (int_digits, frac_digits) = match (frac, groups.len()) {
            (_, 1) => (int_part.to_string(), frac.unwrap_or("")),
            (_, _) if grouped => (groups.concat(), frac.unwrap_or("")),
            (None, 2) => (groups[0].to_string(), groups[1]),
            _ => return None,
        };
        let scale = u32::try_from(frac_digits.len()).ok().filter(|s| *s <= 6)?;
        let units: u128 = format!("{int_digits}{frac_digits}").parse().ok()?;
        Some(Number {
            units,
            scale,
            four_digits: scale == 0 && groups.len() == 1 && int_part.len() == 4,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number; `None` when the digits form no number ("08.11.2019").
    Num(Option<Number>),
    /// A word: `lower` in lower case, `folded` without diacritics ("sở" → "so").
    Word { lower: String, folded: String },
    /// Any other visible character; fraction slashes are read as '/', dashes as '-'.
    Punct(char),
    /// The end of a line; `blank` when an empty line follows (a new block).
    Break { blank: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

/// The tokens of `text` in order.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 4);
    let mut line = 1;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let start = i;
        if c.is_ascii_digit() {
            i = number_end(text, i);
            let kind = Kind::Num(Number::parse(&text[start..i]));
            out.push(Token {
                kind,
                start,
                end: i,
                line,
            });
        } else if is_letter(c) {
            i = start
                + text[start..]
                    .find(|c| !is_letter(c))
                    .unwrap_or(text.len() - start);
            out.push(word(&text[start..i], start, i, line));
        } else if c == '\n' {
            i += 1;
            match out.last_mut() {
                Some(Token {
                    kind: Kind::Break { blank },
                    ..
                }) => *blank = true,
                _ => out.push(Token {
                    kind: Kind::Break { blank: false },
                    start,
                    end: i,
                    line,
                }),
            }
            line += 1;
        } else {
            i += c.len_utf8();
            if !c.is_whitespace() {
                let kind = Kind::Punct(punct(c));
                out.push(Token {
                    kind,
                    start,
                    end: i,
                    line,
                });
            }
        }
    }
    out
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn word(s: &str, start: usize, end: usize, line: usize) -> Token {
    let lower = s.to_lowercase();
    let folded = if lower.is_ascii() {
        lower.clone()
    } else {
        search_key(&lower)
    };
    Token {
        kind: Kind::Word { lower, folded },
        start,
        end,
        line,
    }
}

/// Digits with single '.' or ',' between them: "1.234,5".
fn number_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    loop {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            return i;
        }
    }
}

fn punct(c: char) -> char {
    match c {
        '⁄' | '∕' => '/',
        '–' | '—' | '‐' | '‑' | '−' => '-',
        '％' => '%',
        '（' => '(',
        '）' => ')',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(u128, u32)> {
        Number::parse(s).map(|n| (n.units, n.scale))
    }

    #[test]
    fn numbers_read_the_vietnamese_way() {
        assert_eq!(num("1.588"), Some((1588, 0)));
        assert_eq!(num("10.937"), Some((10937, 0)));
        assert_eq!(num("27,5"), Some((275, 1)));
        assert_eq!(num("1.234,5"), Some((12345, 1)));
        assert_eq!(num("06"), Some((6, 0)));
    }

    #[test]
    fn a_dot_before_other_than_three_digits_is_a_decimal_point_typed_by_hand() {
        assert_eq!(num("79.31"), Some((7931, 2)));
        assert_eq!(num("12.5"), Some((125, 1)));
    }

    #[test]
    fn dotted_dates_and_lists_are_no_number() {
        assert_eq!(num("08.11.2019"), None);
        assert_eq!(num("1,2,3"), None);
        assert_eq!(num("1234567890123456789012345"), None);
    }

    #[test]
    fn tokens_carry_lines_spans_and_blank_lines() {
        let t = tokenize("Có 22 đảng viên\n\n06 đồng chí, chiếm 27,5 %");
        assert_eq!(t[1].kind, Kind::Num(Number::parse("22")));
        assert_eq!(t[4].kind, Kind::Break { blank: true });
        assert_eq!(t[5].line, 3);
        let pct = t.iter().position(|x| x.kind == Kind::Punct('%')).unwrap();
        assert_eq!(t[pct - 1].kind, Kind::Num(Number::parse("27,5")));
        let w = t.iter().find_map(|x| match &x.kind {
            Kind::Word { lower, folded } if lower == "đảng" => Some(folded.clone()),
            _ => None,
        });
        assert_eq!(w.as_deref(), Some("dang"));
    }

    #[test]
    fn fraction_slashes_and_dashes_are_read_as_plain_ones() {
        let t = tokenize("205-KH⁄ĐU 2020–2025");
        assert!(t.iter().any(|x| x.kind == Kind::Punct('/')));
        assert_eq!(t.iter().filter(|x| x.kind == Kind::Punct('-')).count(), 2);
    }
}
