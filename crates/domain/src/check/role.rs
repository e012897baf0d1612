//! What each number of a text is: a count that may be checked, or something that is not a
//! count at all — a percentage, a date, a time, a year, a range ("35-40 tuổi", "từ 51 đến dưới
//! 60"), an age, an ordinal ("thứ 3"), a document's number ("số 05", "205-KH"), an
//! approximation ("trên 1.300"), a duration ("2 năm") or an amount ("5 tỷ đồng").

use super::token::{Kind, Number, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A whole number of things: may be a count, a part or a whole.
    Count,
    /// The number before a '%'.
    Percent,
    /// "X" of "X/Y".
    Numerator,
    /// "Y" of "X/Y".
    Denominator,
    /// Not a count (date, time, year, range, age, ordinal, reference, approximation,
    /// duration, amount, a decimal, or digits glued to letters).
    Other,
}

/// The tokens of a text with a role for each number, and the helpers the rules read them by.
pub(crate) struct Doc {
    pub toks: Vec<Token>,
    pub roles: Vec<Role>,
}

impl Doc {
    pub fn new(toks: Vec<Token>) -> Doc {
        let mut d = Doc {
            roles: vec![Role::Other; toks.len()],
            toks,
        };
        for i in 0..d.toks.len() {
            if matches!(d.toks[i].kind, Kind::Num(_)) {
                d.roles[i] = d.classify(i);
            }
        }
        d
    }

    pub fn num(&self, i: usize) -> Option<Number> {
        match self.toks.get(i).map(|t| &t.kind) {
            Some(Kind::Num(n)) => *n,
            _ => None,
        }
    }

    /// The number at `i` as a count, if its role is `role` and it is whole.
    pub fn int(&self, i: usize) -> Option<u128> {
        self.num(i).and_then(|n| n.integer())
    }

    pub fn lower(&self, i: usize) -> Option<&str> {
        match self.toks.get(i).map(|t| &t.kind) {
            Some(Kind::Word { lower, .. }) => Some(lower),
            _ => None,
        }
    }

    /// The word at `i` without diacritics ("sở" → "so").
    pub fn folded(&self, i: usize) -> Option<String> {
        self.lower(i).map(crate::text::search_key)
    }

    pub fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i).map(|t| &t.kind) {
            Some(Kind::Punct(c)) => Some(*c),
            _ => None,
        }
    }

    pub fn is_num(&self, i: usize) -> bool {
        matches!(self.toks.get(i).map(|t| &t.kind), Some(Kind::Num(_)))
    }

    /// Token `j` follows token `i` with nothing between them.
    pub fn touching(&self, i: usize, j: usize) -> bool {
        self.toks[i].end == self.toks[j].start
    }

    /// The word before `i` (lower case), if token `i - 1` is a word.
    fn word_before(&self, i: usize, back: usize) -> Option<&str> {
        i.checked_sub(back).and_then(|k| self.lower(k))
    }

    fn word_after(&self, i: usize, ahead: usize) -> Option<&str> {
        self.lower(i + ahead)
    }

    fn classify(&self, i: usize) -> Role {
        let Some(n) = self.num(i) else {
            return Role::Other;
        };
        if self.punct(i + 1) == Some('%') {
            return Role::Percent;
        }
        if self.glued(i) || self.is_time(i) || self.is_range(i) {
            return Role::Other;
        }
        if let Some(role) = self.slashed(i, n) {
            return role;
        }
        if n.scale > 0
            || (n.four_digits && (1900..=2100).contains(&n.units))
            || self.is_age(i)
            || self.is_reference(i)
            || self.is_approximate(i)
            || self.is_duration_or_amount(i)
        {
            return Role::Other;
        }
        Role::Count
    }

    /// "TW4", "3a": digits touching letters.
    fn glued(&self, i: usize) -> bool {
        (i > 0 && self.lower(i - 1).is_some() && self.touching(i - 1, i))
            || (self.lower(i + 1).is_some() && self.touching(i, i + 1))
    }

    /// "09:26".
    fn is_time(&self, i: usize) -> bool {
        let around = |a: usize, b: usize| {
            self.punct(a + 1) == Some(':')
                && self.is_num(b)
                && self.touching(a, a + 1)
                && self.touching(a + 1, b)
        };
        around(i, i + 2) || (i >= 2 && around(i - 2, i))
    }

    /// "35-40", "2020 - 2025", "từ 51 đến dưới 60", "205-KH" (a number and its kind).
    fn is_range(&self, i: usize) -> bool {
        let dash_after = self.punct(i + 1) == Some('-');
        let dash_before = i >= 2 && self.punct(i - 1) == Some('-') && self.is_num(i - 2);
        let den = |w: Option<&str>| w == Some("đến");
        dash_after
            || dash_before
            || den(self.word_after(i, 1))
            || den(self.word_before(i, 1))
            || (matches!(self.word_before(i, 1), Some("dưới" | "trên"))
                && den(self.word_before(i, 2)))
    }

    /// "15/5/2020" is a date, "8/9" a fraction (unless after "ngày", or larger on top), and
    /// "205/KH" a document's number; `None` when no slash touches the number.
    fn slashed(&self, i: usize, n: Number) -> Option<Role> {
        let slash = |k: usize| self.punct(k) == Some('/');
        let after = slash(i + 1);
        let before = i >= 1 && slash(i - 1);
        if !after && !before {
            return None;
        }
        let chain_after = after && self.is_num(i + 2) && slash(i + 3);
        // "/a/0.0" puts a number third with nothing before the first slash: no index below 0.
        let chain_before = before && i >= 4 && slash(i - 3) && self.is_num(i - 4);
        let middle = after && before && i >= 2 && self.is_num(i + 2) && self.is_num(i - 2);
        if chain_after || chain_before || middle {
            return Some(Role::Other);
        }
        if after && self.is_num(i + 2) {
            let date_word = matches!(self.word_before(i, 1), Some("ngày" | "tháng" | "đêm"));
            let fraction = n.scale == 0
                && self
                    .int(i + 2)
                    .is_some_and(|den| den > 0 && den >= n.units && !date_word);
            return Some(if fraction {
                Role::Numerator
            } else {
                Role::Other
            });
        }
        if before && i >= 2 && self.is_num(i - 2) {
            let top = i - 2;
            let fraction = self.classify_numerator(top);
            return Some(if fraction {
                Role::Denominator
            } else {
                Role::Other
            });
        }
        Some(Role::Other)
    }

    fn classify_numerator(&self, top: usize) -> bool {
        matches!(self.num(top), Some(n) if self.slashed(top, n) == Some(Role::Numerator))
    }

    /// "35 tuổi", "độ tuổi 35" (but "từ 51 đến 60 tuổi 347 đồng chí" counts 347 people).
    fn is_age(&self, i: usize) -> bool {
        self.word_after(i, 1) == Some("tuổi")
            || (self.word_before(i, 1) == Some("tuổi")
                && (self.word_before(i, 2) == Some("độ") || self.lower(i + 1).is_none()))
    }

    /// "thứ 3", "số 05", "Nghị quyết 36", "Điều 24", "TW 4", "khóa 4".
    fn is_reference(&self, i: usize) -> bool {
        let one = self.word_before(i, 1);
        let two = (self.word_before(i, 2), one);
        let number_word = one == Some("số") && self.word_before(i, 2) != Some("tổng");
        let single = matches!(
            one,
            Some(
                "thứ"
                    | "điều"
                    | "khoản"
                    | "mục"
                    | "chương"
                    | "khóa"
                    | "khoá"
                    | "kỳ"
                    | "lần"
                    | "phần"
                    | "đợt"
                    | "luật"
                    | "mẫu"
            )
        );
        let document = matches!(
            two,
            (Some("nghị"), Some("quyết"))
                | (Some("chỉ"), Some("thị"))
                | (Some("quyết"), Some("định"))
                | (Some("kết"), Some("luận"))
                | (Some("hướng"), Some("dẫn"))
                | (Some("thông"), Some("tư"))
                | (Some("nghị"), Some("định"))
                | (Some("kế"), Some("hoạch"))
                | (Some("công"), Some("văn"))
                | (Some("thông"), Some("báo"))
                | (Some("quy"), Some("định"))
                | (Some("tờ"), Some("trình"))
                | (Some("phụ"), Some("lục"))
        );
        let abbreviation = i >= 1
            && matches!(&self.toks[i - 1].kind, Kind::Word { lower, .. } if lower.len() >= 2
                && lower.len() <= 4 && lower.is_ascii()
                && self.text_is_upper(i - 1));
        number_word || single || document || abbreviation
    }

    /// The word at `k` was written in capitals ("TW", "NQ").
    fn text_is_upper(&self, k: usize) -> bool {
        match &self.toks[k].kind {
            Kind::Word { lower, .. } => {
                // The token keeps only the lower case; a capital abbreviation is one of these.
                matches!(
                    lower.as_str(),
                    "tw" | "nq" | "qđ" | "ct" | "kl" | "hd" | "tu" | "hu"
                )
            }
            _ => false,
        }
    }

    /// "trên 1.300", "gần 400", "ít nhất 01", "hơn 2".
    fn is_approximate(&self, i: usize) -> bool {
        let one = self.word_before(i, 1);
        let two = (self.word_before(i, 2), one);
        matches!(
            one,
            Some(
                "trên"
                    | "hơn"
                    | "gần"
                    | "khoảng"
                    | "dưới"
                    | "hàng"
                    | "vài"
                    | "chừng"
                    | "ngót"
                    | "độ"
            )
        ) || matches!(
            two,
            (Some("ít"), Some("nhất"))
                | (Some("tối"), Some("thiểu"))
                | (Some("tối"), Some("đa"))
                | (Some("xấp"), Some("xỉ"))
                | (Some("không"), Some("quá"))
        )
    }

    /// "2 năm", "6 tháng", "5 tỷ đồng", "300 triệu".
    fn is_duration_or_amount(&self, i: usize) -> bool {
        match self.word_after(i, 1) {
            Some(
                "năm" | "tháng" | "ngày" | "tuần" | "giờ" | "phút" | "giây" | "quý" | "triệu"
                | "nghìn" | "ngàn" | "km" | "ha" | "kg" | "tấn" | "m" | "lít" | "usd" | "trăm",
            ) => true,
            Some("tỷ" | "tỉ") => self.word_after(i, 2) != Some("lệ"),
            Some("đồng") => self.word_after(i, 2) != Some("chí"),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    /// The role of each number of `text`, in order.
    fn roles(text: &str) -> Vec<Role> {
        let d = Doc::new(tokenize(text));
        (0..d.toks.len())
            .filter(|&i| d.is_num(i))
            .map(|i| d.roles[i])
            .collect()
    }

    use Role::*;

    #[test]
    fn a_count_before_its_noun_is_a_count() {
        assert_eq!(roles("có 22 đảng viên"), [Count]);
        assert_eq!(roles("06 đồng chí, chiếm 27,5%"), [Count, Percent]);
        assert_eq!(roles("96 %"), [Percent]);
    }

    #[test]
    fn dates_times_years_and_ranges_are_not_counts() {
        assert_eq!(roles("Ngày 15/5/2020"), [Other, Other, Other]);
        assert_eq!(roles("(09:26 | 18/05/2020)"), [Other; 5]);
        assert_eq!(roles("nhiệm kỳ 2020-2025"), [Other, Other]);
        assert_eq!(roles("nhiệm kỳ 2017- 2020"), [Other, Other]);
        assert_eq!(roles("từ 35-40 tuổi"), [Other, Other]);
        assert_eq!(roles("từ 51 đến dưới 60 tuổi"), [Other, Other]);
        assert_eq!(roles("dưới độ tuổi 35 là 06 đồng chí"), [Other, Count]);
        assert_eq!(roles("Ngày: 08.11.2019"), [Other]);
    }

    #[test]
    fn references_ordinals_and_approximations_are_not_counts() {
        assert_eq!(roles("Kế hoạch số 205-KH/ĐU"), [Other]);
        assert_eq!(roles("Chỉ thị số 41- CT/TW"), [Other]);
        assert_eq!(roles("Nghị quyết 36 của Bộ Chính trị"), [Other]);
        assert_eq!(roles("chi bộ thứ 3 trong 4 chi bộ"), [Other, Count]);
        assert_eq!(roles("trên 1.300 hồ sơ, gần 400 hồ sơ"), [Other, Other]);
        assert_eq!(roles("Nghị quyết TW 4"), [Other]);
        assert_eq!(roles("Nghị Quyết TW4"), [Other]);
    }

    #[test]
    fn durations_and_amounts_are_not_counts() {
        assert_eq!(roles("2 năm liền"), [Other]);
        assert_eq!(roles("5 tỷ đồng"), [Other]);
        assert_eq!(roles("5 tỷ lệ"), [Count]);
    }

    #[test]
    fn a_fraction_has_a_top_and_a_bottom() {
        assert_eq!(roles("10/14 chỉ tiêu"), [Numerator, Denominator]);
        assert_eq!(roles("8 ⁄ 9"), [Numerator, Denominator]);
        assert_eq!(roles("ngày 3/5"), [Other, Other]);
        assert_eq!(roles("15/5 vừa qua"), [Other, Other]);
    }
}
