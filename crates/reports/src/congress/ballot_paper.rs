//! Ballot papers (phiếu bầu, DOMAIN.md §4) for one round as PDF: the names in list order,
//! numbered, a space for the counting board's seal, how to vote; 1, 2 or 4 ballots a page.

use serde::{Deserialize, Serialize};

use domain::election::Candidates;

use crate::congress::minutes::CongressInfo;
use crate::document::{DocError, required};

const TEMPLATE: &str = include_str!("../../templates/ballot.typ");

/// The most ballots one file holds (a delegates' congress of a province is some hundreds).
pub const MAX_COPIES: u32 = 5000;

/// The ballot of one round as the congress prepared it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotPaper {
    /// "Đảng bộ Khối các cơ quan tỉnh" (printed in capitals).
    pub superior: String,
    /// "Chi bộ Sở Ngoại vụ" (printed in bold capitals).
    pub organization: String,
    pub congress: CongressInfo,
    /// What is elected: "Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025".
    pub election: String,
    /// The round (lần bỏ phiếu), from 1.
    pub round: u32,
    pub seats: u32,
    /// The list in ballot order.
    pub candidates: Vec<String>,
    /// Ballots on each A4 page: 1, 2 (A5) or 4 (A6).
    #[serde(default = "one")]
    pub per_page: u32,
    /// How many ballots to print; one page's worth when absent.
    #[serde(default)]
    pub copies: Option<u32>,
}

fn one() -> u32 {
    1
}

/// What the template receives.
#[derive(Serialize)]
struct View<'a> {
    title: String,
    superior: &'a str,
    organization: &'a str,
    election: &'a str,
    congress: String,
    round: u32,
    candidates: &'a [String],
    /// A list without surplus: "đồng ý / không đồng ý" columns instead of striking out.
    marks: bool,
    instructions: String,
    per_page: u32,
    copies: u32,
    pages: u32,
    font_size: u32,
}

impl BallotPaper {
    /// The same ballot with its texts NFC-normalized; refuses a blank text, a bad list (a blank or
    /// repeated name), seats not between 1 and the number of candidates, a layout other than 1,
    /// 2 or 4 a page, and copies outside 1..=5000.
    pub fn checked(&self) -> Result<Self, DocError> {
        let invalid = |m: String| Err(DocError::Invalid(m));
        let candidates: Vec<String> = self
            .candidates
            .iter()
            .map(|c| domain::text::normalize(c))
            .collect();
        Candidates::new(&candidates).map_err(|e| DocError::Invalid(e.to_string()))?;
        let n = candidates.len();
        if self.seats == 0 || self.seats as usize > n {
            return invalid(format!(
                "số lượng cần bầu (seats) là {}, phải từ 1 đến {n} (số người trong danh sách bầu cử)",
                self.seats
            ));
        }
        if self.round == 0 {
            return invalid("trường round (lần bỏ phiếu) phải từ 1 trở lên".into());
        }
        if ![1, 2, 4].contains(&self.per_page) {
            return invalid(format!(
                "số phiếu mỗi trang (per_page) là {}, chỉ được 1, 2 hoặc 4",
                self.per_page
            ));
        }
        let copies = self.copies.unwrap_or(self.per_page);
        if !(1..=MAX_COPIES).contains(&copies) {
            return invalid(format!(
                "số phiếu cần in (copies) là {copies}, phải từ 1 đến {MAX_COPIES}"
            ));
        }
        Ok(Self {
            superior: required("superior (cấp ủy cấp trên)", &self.superior)?,
            organization: required("organization (tổ chức đảng)", &self.organization)?,
            congress: self.congress.checked()?,
            election: required("election (nội dung bầu cử)", &self.election)?,
            round: self.round,
            seats: self.seats,
            candidates,
            per_page: self.per_page,
            copies: Some(copies),
        })
    }

    /// Whether the list has no surplus, so voters mark "đồng ý / không đồng ý".
    pub fn without_surplus(&self) -> bool {
        self.seats as usize == self.candidates.len()
    }

    /// How to vote, printed under the list (244-QĐ/TW Art. 32(1), DOMAIN.md §4).
    pub fn instructions(&self) -> String {
        let seats = domain::text::format_count2(i64::from(self.seats));
        if self.without_surplus() {
            format!(
                "Ghi chú: Bầu {seats} đồng chí. Với mỗi người, đánh dấu (X) vào một trong hai ô \"Đồng ý\" hoặc \"Không đồng ý\". Người được đánh dấu cả hai ô hoặc không được đánh dấu ô nào thì không được tính phiếu từ phiếu bầu này."
            )
        } else {
            format!(
                "Ghi chú: Bầu {seats} đồng chí. Đồng ý bầu người nào thì giữ nguyên họ tên người đó; không đồng ý bầu người nào thì gạch ngang cả họ và tên người đó. Phiếu để lại nhiều hơn {seats} tên, hoặc không bầu ai, là phiếu không hợp lệ."
            )
        }
    }

    /// The ballots as PDF. A list too long for the chosen size is refused with advice.
    pub fn to_pdf(&self) -> Result<Vec<u8>, DocError> {
        let b = self.checked()?;
        crate::pdf::render_pdf(TEMPLATE, &b.view()).map_err(|e| b.too_tall(e))
    }

    /// The pages the PDF has.
    pub fn page_count(&self) -> Result<usize, DocError> {
        let b = self.checked()?;
        crate::pdf::page_count(TEMPLATE, &b.view()).map_err(|e| b.too_tall(e))
    }

    fn too_tall(&self, e: DocError) -> DocError {
        match e {
            DocError::Template(m) if m.contains("dangvu:too-tall") => DocError::Invalid(format!(
                "danh sách {} người không vừa khổ {} phiếu mỗi trang; hãy chọn ít phiếu hơn mỗi trang (per_page)",
                self.candidates.len(),
                self.per_page
            )),
            other => other,
        }
    }

    /// What the template receives, from a checked ballot.
    fn view(&self) -> View<'_> {
        let b = self;
        let copies = b.copies.unwrap_or(b.per_page);
        View {
            title: format!("Phiếu bầu – {}", b.election),
            superior: &b.superior,
            organization: &b.organization,
            election: &b.election,
            congress: b.congress.full_name(),
            round: b.round,
            candidates: &b.candidates,
            marks: b.without_surplus(),
            instructions: b.instructions(),
            per_page: b.per_page,
            copies,
            pages: copies.div_ceil(b.per_page),
            font_size: match b.per_page {
                1 => 14,
                2 => 12,
                _ => 10,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::congress::minutes::CongressKind;
    use crate::pdf::tests::pdf_text;

    fn paper() -> BallotPaper {
        BallotPaper {
            superior: "Đảng bộ Khối các cơ quan tỉnh".into(),
            organization: "Chi bộ Sở Ngoại vụ".into(),
            congress: CongressInfo {
                name: "Đại hội Chi bộ Sở Ngoại vụ".into(),
                ordinal: 4,
                term: "2020–2025".into(),
                kind: CongressKind::Members,
            },
            election: "Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025".into(),
            round: 1,
            seats: 5,
            candidates: [
                "Nguyễn Văn An",
                "Trần Thị Bình",
                "Lê Hoàng Cường",
                "Phạm Thị Dung",
                "Võ Minh Đức",
                "Huỳnh Thị Giang",
            ]
            .map(String::from)
            .to_vec(),
            per_page: 1,
            copies: None,
        }
    }

    #[test]
    fn one_ballot_a_page_with_the_names_in_list_order() {
        let pdf = paper().to_pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(pdf, paper().to_pdf().unwrap(), "deterministic");
        if let Some(text) = pdf_text(&pdf) {
            let text = domain::text::normalize(&text);
            assert!(text.contains("PHIẾU BẦU"), "{text}");
            assert!(text.contains("Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025"));
            assert!(text.contains("(Lần bỏ phiếu thứ 1)"));
            assert!(text.contains("Dấu của"), "{text}");
            assert!(text.contains("Ban Kiểm phiếu"), "{text}");
            assert!(text.contains("gạch ngang cả họ và tên"), "{text}");
            let at = |n: &str| {
                text.find(n)
                    .unwrap_or_else(|| panic!("{n} missing: {text}"))
            };
            assert!(at("1 Nguyễn Văn An") < at("2 Trần Thị Bình"));
            assert!(at("5 Võ Minh Đức") < at("6 Huỳnh Thị Giang"));
        }
    }

    #[test]
    fn copies_fill_pages_of_two_and_four() {
        let mut p = paper();
        p.per_page = 4;
        p.copies = Some(10);
        let pdf = p.to_pdf().unwrap();
        assert_eq!(p.page_count().unwrap(), 3);
        if let Some(text) = pdf_text(&pdf) {
            assert_eq!(text.matches("Huỳnh Thị Giang").count(), 10, "{text}");
        }
        p.per_page = 2;
        p.copies = Some(3);
        let pdf = p.to_pdf().unwrap();
        assert_eq!(p.page_count().unwrap(), 2);
        if let Some(text) = pdf_text(&pdf) {
            assert_eq!(text.matches("PHIẾU BẦU").count(), 3, "{text}");
        }
    }

    #[test]
    fn a_list_without_surplus_has_yes_and_no_columns() {
        let mut p = paper();
        p.seats = 6;
        assert!(p.without_surplus());
        let pdf = p.to_pdf().unwrap();
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains("Đồng ý"), "{text}");
            assert!(text.contains("Không đồng ý"), "{text}");
            assert!(!text.contains("gạch ngang"), "{text}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let refuse = |p: BallotPaper| p.to_pdf().unwrap_err().to_string();
        let mut p = paper();
        p.seats = 7;
        assert!(refuse(p).contains("số lượng cần bầu (seats) là 7, phải từ 1 đến 6"));
        let mut p = paper();
        p.candidates[1] = "Nguyễn  Văn An".into();
        assert!(refuse(p).contains("có tên hai lần"));
        let mut p = paper();
        p.per_page = 3;
        assert!(refuse(p).contains("chỉ được 1, 2 hoặc 4"));
        let mut p = paper();
        p.copies = Some(0);
        assert!(refuse(p).contains("copies"));
        let mut p = paper();
        p.per_page = 4;
        p.candidates = (1..=40).map(|i| format!("Đảng viên số {i}")).collect();
        assert!(refuse(p).contains("không vừa khổ 4 phiếu mỗi trang"));
    }

    #[test]
    fn a_long_list_fits_one_ballot_a_page() {
        let mut p = paper();
        p.candidates = (1..=20).map(|i| format!("Đảng viên số {i}")).collect();
        p.seats = 15;
        assert_eq!(p.page_count().unwrap(), 1);
        p.per_page = 2;
        p.candidates.truncate(7);
        p.seats = 6;
        assert_eq!(p.page_count().unwrap(), 1);
    }
}
