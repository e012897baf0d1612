//! The member's yearly personal review form (bản kiểm điểm cá nhân, dùng cho đảng viên) as
//! .docx and PDF: the party's header, the member's name, branch and year, every section of
//! `domain::branch::personal::SECTIONS` with what the member wrote, the level they propose
//! and the signature.

use chrono::NaiveDate;
use domain::branch::personal::SECTIONS;
use domain::branch::rating::RatingLevel;

use crate::document::{Block, Document, Signature};

/// What the form is filled with.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAssessmentForm {
    /// The superior body ("Đảng bộ Khối các cơ quan tỉnh").
    pub superior: String,
    /// The member's organization ("Chi bộ Sở Ngoại vụ").
    pub organization: String,
    pub place: String,
    pub date: NaiveDate,
    pub year: i32,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub position: Option<String>,
    /// Each section's text by its code (as stored).
    pub sections: Vec<(String, String)>,
    pub level: RatingLevel,
}

impl SelfAssessmentForm {
    /// The form as a party document.
    pub fn document(&self) -> Document {
        let mut blocks = self.head();
        blocks.extend(self.sections());
        blocks.push(Block::Heading {
            text: "VI. Tự nhận mức xếp loại chất lượng".into(),
        });
        blocks.push(Block::Para {
            text: format!("Xếp loại chất lượng: {}.", self.level.label()),
        });
        blocks.push(Block::Signatures {
            left: Signature {
                titles: vec![],
                names: vec![],
            },
            right: Signature {
                titles: vec!["NGƯỜI TỰ KIỂM ĐIỂM".into()],
                names: vec![self.full_name.clone()],
            },
        });
        Document {
            title: format!(
                "Bản kiểm điểm cá nhân năm {} — {}",
                self.year, self.full_name
            ),
            blocks,
        }
    }

    /// The header, the title and who writes it.
    fn head(&self) -> Vec<Block> {
        let issuer = crate::document::Issuer {
            superior: self.superior.clone(),
            organization: self.organization.clone(),
            place: self.place.clone(),
            date: self.date,
        };
        let mut blocks = vec![
            Block::Header {
                superior: self.superior.clone(),
                organization: self.organization.clone(),
                units: vec![],
                number: None,
                place_date: issuer.place_date(),
            },
            Block::Title {
                text: "BẢN KIỂM ĐIỂM CÁ NHÂN".into(),
            },
            Block::Subject {
                lines: vec!["(Dùng cho đảng viên)".into(), format!("Năm {}", self.year)],
            },
            Block::Para {
                text: format!("Họ và tên: {}", self.full_name),
            },
        ];
        if let Some(b) = self.birth_date {
            blocks.push(Block::Para {
                text: format!("Ngày sinh: {}", domain::text::format_date(b)),
            });
        }
        if let Some(p) = &self.position {
            blocks.push(Block::Para {
                text: format!("Chức vụ, đơn vị công tác: {p}"),
            });
        }
        blocks.push(Block::Para {
            text: format!("Chi bộ: {}", self.organization),
        });
        blocks
    }

    /// Every section with what the member wrote ("Không có." for one left empty).
    fn sections(&self) -> Vec<Block> {
        let mut blocks = vec![Block::Heading {
            text: "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC".into(),
        }];
        for s in SECTIONS {
            let text = self
                .sections
                .iter()
                .find(|(c, _)| c == s.code)
                .map(|(_, t)| t.as_str())
                .unwrap_or_default();
            blocks.push(Block::Heading {
                text: s.title.into(),
            });
            let body = if text.trim().is_empty() {
                "Không có."
            } else {
                text
            };
            for line in body.lines().filter(|l| !l.trim().is_empty()) {
                blocks.push(Block::Para {
                    text: line.trim().into(),
                });
            }
        }
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_carries_every_section_the_level_and_the_name() {
        let f = SelfAssessmentForm {
            superior: "Đảng bộ Khối các cơ quan tỉnh".into(),
            organization: "Chi bộ Sở Ngoại vụ".into(),
            place: "Kiên Giang".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            year: 2026,
            full_name: "Nguyễn Văn An".into(),
            birth_date: None,
            position: None,
            sections: vec![("han_che".into(), "Còn chậm báo cáo.".into())],
            level: RatingLevel::Good,
        };
        let text = f.document().to_text();
        assert!(text.contains("BẢN KIỂM ĐIỂM CÁ NHÂN"));
        assert!(text.contains("Còn chậm báo cáo."));
        assert!(text.contains("Xếp loại chất lượng: Hoàn thành tốt nhiệm vụ."));
        for s in SECTIONS {
            assert!(text.contains(s.title), "{}", s.title);
        }
        assert!(text.contains("Nguyễn Văn An"));
        let docx = f.document().to_docx().unwrap();
        assert!(docx.starts_with(b"PK"));
    }
}
