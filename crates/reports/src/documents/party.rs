//! A document of the register in the HD 36 layout: the header with the number, the kind and
//! the subject, the body read from its plain text, "Nơi nhận" and the signature.

use chrono::NaiveDate;

use domain::register::org::DocKind;
use domain::text::format_date_long;

use crate::document::{Block, DocError, Document, Signature, required};

/// What a document of the register prints.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyDoc {
    /// The superior body ("Đảng bộ Khối các cơ quan tỉnh").
    pub superior: String,
    /// The issuing organization ("Chi bộ Sở Ngoại vụ").
    pub organization: String,
    /// The place of the place-and-date line ("Kiên Giang").
    pub place: String,
    /// The signing date; a draft prints "ngày … tháng … năm …".
    pub date: Option<NaiveDate>,
    /// "205-KH/ĐU"; a draft prints "Số   -KH/ĐU" for the number to be given.
    pub symbol: Option<String>,
    pub kind: DocKind,
    /// The issuer part of the symbol ("ĐU"), for a draft's number line.
    pub issuer: String,
    pub subject: String,
    pub body: String,
    pub signature_titles: Vec<String>,
    pub signer: Option<String>,
    pub recipients: Vec<String>,
}

impl PartyDoc {
    /// The document's blocks.
    pub fn to_document(&self) -> Result<Document, DocError> {
        let subject = required("subject (trích yếu)", &self.subject)?;
        let number = match &self.symbol {
            Some(s) => format!("Số {s}"),
            None => format!("Số      -{}/{}", self.kind.abbrev(), self.issuer),
        };
        let date = self.date.map_or_else(
            || "ngày     tháng     năm     ".to_string(),
            format_date_long,
        );
        let mut blocks = vec![Block::Header {
            superior: self.superior.clone(),
            organization: self.organization.clone(),
            units: Vec::new(),
            number: Some(number),
            place_date: format!("{}, {date}", self.place),
        }];
        if self.kind == DocKind::CV {
            // A letter has no kind line: its subject reads "V/v …".
            blocks.push(Block::Subject {
                lines: vec![subject.clone()],
            });
        } else {
            blocks.push(Block::Title {
                text: self.kind.label().to_uppercase(),
            });
            blocks.push(Block::Subject {
                lines: vec![subject.clone()],
            });
        }
        blocks.extend(body_blocks(&self.body));
        blocks.push(Block::Closing {
            recipients: self.recipients.clone(),
            signature: Signature {
                titles: self.signature_titles.clone(),
                names: self.signer.iter().cloned().collect(),
            },
        });
        Ok(Document {
            title: format!("{} {subject}", self.kind.label()),
            blocks,
        })
    }
}

/// The body's plain text as blocks, paragraph by paragraph: "QUYẾT NGHỊ" or "QUYẾT ĐỊNH"
/// alone stands centred; a line in capitals or numbered in
/// Roman numerals ("I. KẾT QUẢ …") or "Điều 1." alone is a heading, a line beginning "- " or
/// "+ " a list line, any other a paragraph.
pub fn body_blocks(body: &str) -> Vec<Block> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if matches!(l.trim_end_matches(':'), "QUYẾT NGHỊ" | "QUYẾT ĐỊNH") {
                // The decisive word of a resolution or decision stands centred.
                Block::Title {
                    text: l.trim_end_matches(':').to_string(),
                }
            } else if is_heading(l) {
                Block::Heading {
                    text: l.to_string(),
                }
            } else if l.starts_with("- ") || l.starts_with("+ ") {
                Block::Item {
                    text: l.to_string(),
                }
            } else {
                Block::Para {
                    text: l.to_string(),
                }
            }
        })
        .collect()
}

fn is_heading(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase());
    let roman = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && domain::text::from_roman(n).is_some());
    capitals || roman
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::docx_text;

    fn sample() -> PartyDoc {
        PartyDoc {
            superior: "Đảng bộ Khối các cơ quan tỉnh".into(),
            organization: "Chi bộ Sở Ngoại vụ".into(),
            place: "Kiên Giang".into(),
            date: NaiveDate::from_ymd_opt(2020, 5, 15),
            symbol: Some("01-NQ/ĐH".into()),
            kind: DocKind::NQ,
            issuer: "ĐH".into(),
            subject: "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020-2025".into(),
            body: "QUYẾT NGHỊ\nĐiều 1. Tán thành báo cáo chính trị.\n- Có 100% đảng viên được học tập.".into(),
            signature_titles: vec!["T/M ĐOÀN CHỦ TỊCH".into()],
            signer: Some("Nguyễn Văn An".into()),
            recipients: vec!["- Đảng ủy Khối các cơ quan tỉnh,".into(), "- Lưu Chi bộ.".into()],
        }
    }

    #[test]
    fn a_numbered_document_prints_the_hd36_parts_in_order() {
        let text = sample().to_document().unwrap().to_text();
        let order = [
            "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH | ĐẢNG CỘNG SẢN VIỆT NAM",
            "CHI BỘ SỞ NGOẠI VỤ",
            "Số 01-NQ/ĐH",
            "Kiên Giang, ngày 15 tháng 5 năm 2020",
            "NGHỊ QUYẾT",
            "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020-2025",
            "QUYẾT NGHỊ",
            "- Có 100% đảng viên được học tập.",
            "Nơi nhận:",
            "- Lưu Chi bộ.",
            "T/M ĐOÀN CHỦ TỊCH",
            "Nguyễn Văn An",
        ];
        let mut at = 0;
        for part in order {
            let found = text[at..]
                .find(part)
                .unwrap_or_else(|| panic!("{part} missing in\n{text}"));
            at += found;
        }
    }

    #[test]
    fn a_draft_leaves_the_number_and_the_day_to_be_given() {
        let doc = PartyDoc {
            symbol: None,
            date: None,
            ..sample()
        };
        let text = doc.to_document().unwrap().to_text();
        assert!(text.contains("Số      -NQ/ĐH"), "{text}");
        assert!(
            text.contains("Kiên Giang, ngày     tháng     năm"),
            "{text}"
        );
    }

    #[test]
    fn the_word_file_and_the_pdf_hold_the_same_text() {
        let doc = sample().to_document().unwrap();
        let docx = docx_text(&doc.to_docx().unwrap());
        assert!(
            docx.contains("Nơi nhận:") && docx.contains("T/M ĐOÀN CHỦ TỊCH"),
            "{docx}"
        );
        let pdf = doc.to_pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(doc.pdf_pages().unwrap(), 1);
    }

    #[test]
    fn body_lines_become_headings_items_and_paragraphs() {
        let blocks = body_blocks("I. KẾT QUẢ\nNăm 2024 chi bộ…\n+ 22 đảng viên\n\nĐiều 2. Giao");
        assert!(matches!(blocks[0], Block::Heading { .. }));
        assert!(matches!(blocks[1], Block::Para { .. }));
        assert!(matches!(blocks[2], Block::Item { .. }));
        assert!(matches!(blocks[3], Block::Para { .. }));
        assert_eq!(blocks.len(), 4);
    }
}
