//! A party document (DOMAIN.md §7) as a list of blocks — the header, title, paragraphs, tables,
//! signatures — written once and rendered alike to .docx (docx-rs), PDF (typst) and plain text.

use std::io::Cursor;

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
    Table, TableCell, TableRow, VAlignType, WidthType,
};
use serde::{Deserialize, Serialize};

pub use crate::error::DocError;
use domain::text::{format_date_long, format_int, normalize};

/// Who issues a document and where and when (the header of DOMAIN.md §7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// The superior body, e.g. "Đảng bộ Khối các cơ quan tỉnh" (printed in capitals).
    pub superior: String,
    /// The issuing organization, e.g. "Chi bộ Sở Ngoại vụ" (printed in bold capitals).
    pub organization: String,
    /// The place of the place-and-date line, e.g. "Kiên Giang".
    pub place: String,
    pub date: NaiveDate,
}

impl Issuer {
    /// The same issuer with its texts NFC-normalized; a blank field is refused, naming it.
    pub fn checked(&self) -> Result<Self, DocError> {
        Ok(Self {
            superior: required("superior (cấp ủy cấp trên)", &self.superior)?,
            organization: required("organization (tổ chức đảng)", &self.organization)?,
            place: required("place (địa danh)", &self.place)?,
            date: self.date,
        })
    }

    /// "Kiên Giang, ngày 15 tháng 5 năm 2020".
    pub fn place_date(&self) -> String {
        format!("{}, {}", self.place, format_date_long(self.date))
    }
}

/// A text field that must not be blank, normalized (NFC, single spaces).
pub(crate) fn required(field: &str, raw: &str) -> Result<String, DocError> {
    let text = normalize(raw);
    if text.is_empty() {
        Err(DocError::Invalid(format!("trường {field} đang để trống")))
    } else {
        Ok(text)
    }
}

/// A percentage already rounded to hundredths, with two decimals and a comma: 95.24 → "95,24".
pub fn format_percent2(p: f64) -> String {
    let hundredths = (p * 100.0).round();
    if !hundredths.is_finite() || hundredths < 0.0 {
        return p.to_string();
    }
    let h = hundredths as i64;
    format!("{},{:02}", format_int(h / 100), h % 100)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A signature column: its title lines in bold, then each signer's name under a space to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub titles: Vec<String>,
    pub names: Vec<String>,
}

/// One block of a document, top to bottom.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Top left the superior, the organization (bold) and lines under it (bold), an asterisk and
    /// the number; top right "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-and-date line.
    Header {
        superior: String,
        organization: String,
        units: Vec<String>,
        number: Option<String>,
        place_date: String,
    },
    /// The document kind, bold 16, centred ("BIÊN BẢN KIỂM PHIẾU").
    Title {
        text: String,
    },
    /// The subject lines, bold 14, centred, "-----" under them.
    Subject {
        lines: Vec<String>,
    },
    /// A section heading, bold.
    Heading {
        text: String,
    },
    /// A body paragraph, first line indented.
    Para {
        text: String,
    },
    /// A list line, indented as a whole.
    Item {
        text: String,
    },
    Table {
        /// Relative column widths.
        widths: Vec<u32>,
        align: Vec<Align>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Signatures {
        left: Signature,
        right: Signature,
    },
    /// The foot of a document in the HD 36 layout: "Nơi nhận:" and its lines bottom left
    /// (12, the last "- Lưu …"), the signature bottom right.
    Closing {
        recipients: Vec<String>,
        signature: Signature,
    },
}

/// A document: its title (PDF metadata) and blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The typst template that lays out any [`Document`], as written.
const TEMPLATE_SOURCE: &str = include_str!("../templates/document.typ");

/// A table of at most this many rows is kept whole on one page, in the PDF and in Word (a
/// minutes' results table is never split); a longer one breaks only between rows.
pub const KEEP_TOGETHER_ROWS: usize = 15;

/// The template with its settings filled in, made once.
fn template() -> &'static str {
    static T: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    T.get_or_init(|| TEMPLATE_SOURCE.replace("KEEP_TOGETHER_ROWS", &KEEP_TOGETHER_ROWS.to_string()))
}

// Word measures in twentieths of a point (twips) and text in half-points.
const MM: f64 = 1440.0 / 25.4;
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
const MARGIN_TOP_MM: f64 = 20.0;
const MARGIN_BOTTOM_MM: f64 = 20.0;
const MARGIN_LEFT_MM: f64 = 30.0;
const MARGIN_RIGHT_MM: f64 = 15.0;
const FONT: &str = "Times New Roman";
const BODY: usize = 28;

fn twips(mm: f64) -> i32 {
    (mm * MM).round() as i32
}

impl Document {
    /// The PDF (A4, Liberation Serif = Times New Roman metrics).
    pub fn to_pdf(&self) -> Result<Vec<u8>, DocError> {
        crate::pdf::render_pdf(template(), self)
    }

    /// Pages of the PDF.
    pub fn pdf_pages(&self) -> Result<usize, DocError> {
        crate::pdf::page_count(template(), self)
    }

    /// The text, block by block, one line per paragraph or table row (cells joined by " | ").
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Header {
                    superior,
                    organization,
                    units,
                    number,
                    place_date,
                } => {
                    out.push(format!(
                        "{} | ĐẢNG CỘNG SẢN VIỆT NAM",
                        superior.to_uppercase()
                    ));
                    out.push(organization.to_uppercase());
                    out.extend(units.iter().cloned());
                    out.push("*".into());
                    out.extend(number.iter().cloned());
                    out.push(place_date.clone());
                }
                Block::Title { text } => out.push(text.clone()),
                Block::Subject { lines } => {
                    out.extend(lines.iter().cloned());
                    out.push("-----".into());
                }
                Block::Heading { text } | Block::Para { text } | Block::Item { text } => {
                    out.push(text.clone())
                }
                Block::Table { header, rows, .. } => {
                    out.push(header.join(" | "));
                    out.extend(rows.iter().map(|r| r.join(" | ")));
                }
                Block::Signatures { left, right } => {
                    for s in [left, right] {
                        out.extend(s.titles.iter().cloned());
                        out.extend(s.names.iter().cloned());
                    }
                }
                Block::Closing {
                    recipients,
                    signature,
                } => {
                    out.push("Nơi nhận:".into());
                    out.extend(recipients.iter().cloned());
                    out.extend(signature.titles.iter().cloned());
                    out.extend(signature.names.iter().cloned());
                }
            }
        }
        out.join("\n") + "\n"
    }

    /// The Word file (A4, margins 20/20/30/15 mm, Times New Roman 14).
    pub fn to_docx(&self) -> Result<Vec<u8>, DocError> {
        let text_width = f64::from(A4_WIDTH) / MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;
        let text_width = twips(text_width) as usize;
        let mut docx = a4_docx();
        for block in &self.blocks {
            docx = add_block(docx, block, text_width);
        }
        let mut buf = Cursor::new(Vec::new());
        docx.build()
            .pack(&mut buf)
            .map_err(|e| DocError::Docx(e.to_string()))?;
        Ok(buf.into_inner())
    }
}

/// An empty Word file: A4, the margins, Times New Roman 14 and fixed creation dates (the same
/// document gives the same bytes).
fn a4_docx() -> Docx {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(twips(MARGIN_TOP_MM))
                .bottom(twips(MARGIN_BOTTOM_MM))
                .left(twips(MARGIN_LEFT_MM))
                .right(twips(MARGIN_RIGHT_MM)),
        )
        .default_fonts(fonts)
        .default_size(BODY)
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z")
}

/// One block appended to the Word file, `text_width` twips wide.
fn add_block(docx: Docx, block: &Block, text_width: usize) -> Docx {
    match block {
        Block::Header {
            superior,
            organization,
            units,
            number,
            place_date,
        } => {
            let left = header_left(superior, organization, units, number.as_deref());
            docx.add_table(header_table(left, place_date, text_width))
        }
        Block::Title { text } => docx
            .add_paragraph(line("", Style::plain(), AlignmentType::Center))
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(text).bold().size(32))
                    .align(AlignmentType::Center),
            ),
        Block::Subject { lines } => {
            let mut docx = docx;
            for l in lines {
                docx = docx.add_paragraph(line(l, Style::bold(), AlignmentType::Center));
            }
            docx.add_paragraph(line("-----", Style::plain(), AlignmentType::Center))
        }
        Block::Heading { text } => docx.add_paragraph(
            line(text, Style::bold(), AlignmentType::Both)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(120).after(60)),
        ),
        Block::Para { text } => docx.add_paragraph(
            line(text, Style::plain(), AlignmentType::Both)
                .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
                .line_spacing(LineSpacing::new().after(60)),
        ),
        Block::Item { text } => docx.add_paragraph(
            line(text, Style::plain(), AlignmentType::Both)
                .indent(Some(567), None, None, None)
                .line_spacing(LineSpacing::new().after(40)),
        ),
        Block::Table {
            widths,
            align,
            header,
            rows,
        } => docx.add_table(grid_table(widths, align, header, rows, text_width)),
        Block::Signatures { left, right } => {
            let half = text_width / 2;
            docx.add_paragraph(line("", Style::plain(), AlignmentType::Center))
                .add_table(borderless(
                    vec![
                        (signature(left), half),
                        (signature(right), text_width - half),
                    ],
                    text_width,
                ))
        }
        Block::Closing {
            recipients,
            signature: sig,
        } => {
            let half = text_width / 2;
            docx.add_paragraph(line("", Style::plain(), AlignmentType::Center))
                .add_table(borderless(
                    vec![
                        (recipient_lines(recipients), half),
                        (signature(sig), text_width - half),
                    ],
                    text_width,
                ))
        }
    }
}

/// "Nơi nhận:" (bold italic 12) and its lines (11), left-aligned.
fn recipient_lines(recipients: &[String]) -> Vec<Paragraph> {
    let mut paras = vec![
        Paragraph::new()
            .add_run(Run::new().add_text("Nơi nhận:").bold().italic().size(24))
            .align(AlignmentType::Left),
    ];
    paras.extend(recipients.iter().map(|r| {
        Paragraph::new()
            .add_run(Run::new().add_text(r).size(22))
            .align(AlignmentType::Left)
    }));
    paras
}

/// The header's left column: the superior, the organization and its units (bold), an asterisk
/// and the number.
fn header_left(
    superior: &str,
    organization: &str,
    units: &[String],
    number: Option<&str>,
) -> Vec<Paragraph> {
    let mut left = vec![
        line(
            &superior.to_uppercase(),
            Style::plain(),
            AlignmentType::Center,
        ),
        line(
            &organization.to_uppercase(),
            Style::bold(),
            AlignmentType::Center,
        ),
    ];
    left.extend(
        units
            .iter()
            .map(|u| line(u, Style::bold(), AlignmentType::Center)),
    );
    left.push(line("*", Style::plain(), AlignmentType::Center));
    if let Some(n) = number {
        left.push(line(n, Style::plain(), AlignmentType::Center));
    }
    left
}

/// The header as a borderless table: the left column (45 %) beside "ĐẢNG CỘNG SẢN VIỆT NAM"
/// and the place-and-date line.
fn header_table(left: Vec<Paragraph>, place_date: &str, text_width: usize) -> Table {
    let right = vec![
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text("ĐẢNG CỘNG SẢN VIỆT NAM")
                    .bold()
                    .size(30)
                    .underline("single"),
            )
            .align(AlignmentType::Center),
        line("", Style::plain(), AlignmentType::Center),
        line(place_date, Style::italic(), AlignmentType::Center),
    ];
    let w_left = text_width * 45 / 100;
    borderless(
        vec![(left, w_left), (right, text_width - w_left)],
        text_width,
    )
}

#[derive(Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
}

impl Style {
    fn plain() -> Self {
        Self {
            bold: false,
            italic: false,
        }
    }
    fn bold() -> Self {
        Self {
            bold: true,
            italic: false,
        }
    }
    fn italic() -> Self {
        Self {
            bold: false,
            italic: true,
        }
    }
}

fn line(text: &str, style: Style, align: AlignmentType) -> Paragraph {
    let mut run = Run::new().add_text(text);
    if style.bold {
        run = run.bold();
    }
    if style.italic {
        run = run.italic();
    }
    Paragraph::new().add_run(run).align(align)
}

/// Side-by-side columns without borders (the header, the signatures).
fn borderless(columns: Vec<(Vec<Paragraph>, usize)>, total: usize) -> Table {
    let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
    let cells = columns
        .into_iter()
        .map(|(paras, w)| {
            paras
                .into_iter()
                .fold(TableCell::new().width(w, WidthType::Dxa), |c, p| {
                    c.add_paragraph(p)
                })
        })
        .collect();
    Table::without_borders(vec![TableRow::new(cells)])
        .set_grid(widths)
        .width(total, WidthType::Dxa)
}

fn grid_table(
    widths: &[u32],
    align: &[Align],
    header: &[String],
    rows: &[Vec<String>],
    total: usize,
) -> Table {
    let sum: u32 = widths.iter().sum::<u32>().max(1);
    let cols: Vec<usize> = widths
        .iter()
        .map(|w| total * *w as usize / sum as usize)
        .collect();
    // Word keeps a table on one page when every row but the last keeps with the next.
    let keep = rows.len() <= KEEP_TOGETHER_ROWS;
    let cell = |text: &str, w: usize, style: Style, a: AlignmentType, next: bool| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(line(text, style, a).size(26).keep_next(next))
    };
    let to_docx = |a: Option<&Align>| match a {
        Some(Align::Left) => AlignmentType::Left,
        Some(Align::Right) => AlignmentType::Right,
        _ => AlignmentType::Center,
    };
    let mut table_rows = vec![
        TableRow::new(
            header
                .iter()
                .zip(&cols)
                .map(|(h, w)| cell(h, *w, Style::bold(), AlignmentType::Center, true))
                .collect(),
        )
        .cant_split(),
    ];
    for (n, row) in rows.iter().enumerate() {
        let next = keep && n + 1 < rows.len();
        table_rows.push(
            TableRow::new(
                row.iter()
                    .zip(&cols)
                    .enumerate()
                    .map(|(i, (t, w))| cell(t, *w, Style::plain(), to_docx(align.get(i)), next))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(table_rows)
        .set_grid(cols)
        .width(total, WidthType::Dxa)
}

fn signature(s: &Signature) -> Vec<Paragraph> {
    let mut paras: Vec<Paragraph> = s
        .titles
        .iter()
        .map(|t| line(t, Style::bold(), AlignmentType::Center))
        .collect();
    for name in &s.names {
        for _ in 0..3 {
            paras.push(line("", Style::plain(), AlignmentType::Center));
        }
        paras.push(line(name, Style::bold(), AlignmentType::Center));
    }
    paras
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The text of `word/document.xml` inside a .docx (a zip), with the XML tags removed.
    pub(crate) fn docx_text(docx: &[u8]) -> String {
        let mut zip = zip_archive(docx);
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in xml.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
    }

    fn zip_archive(bytes: &[u8]) -> zip::ZipArchive<Cursor<&[u8]>> {
        zip::ZipArchive::new(Cursor::new(bytes)).expect("a .docx is a zip archive")
    }

    #[test]
    fn percent_with_two_decimals_and_a_comma() {
        assert_eq!(format_percent2(95.24), "95,24");
        assert_eq!(format_percent2(100.0), "100,00");
        assert_eq!(format_percent2(0.0), "0,00");
        assert_eq!(format_percent2(4.76), "4,76");
        assert_eq!(format_percent2(33.33), "33,33");
        assert_eq!(format_percent2(50.05), "50,05");
    }

    #[test]
    fn percent2_agrees_with_the_counting_engine() {
        use domain::election::tally::percent;
        for whole in 1..=60u64 {
            for part in 0..=whole {
                let exact = part as f64 * 100.0 / whole as f64;
                let shown = format_percent2(percent(part, whole)).replace(',', ".");
                let shown: f64 = shown.parse().unwrap();
                assert!(
                    (shown - exact).abs() <= 0.005 + 1e-9,
                    "{part}/{whole}: {shown}"
                );
            }
        }
    }

    #[test]
    fn blank_issuer_fields_are_refused_by_name() {
        let issuer = Issuer {
            superior: "Đảng bộ Khối các cơ quan tỉnh".into(),
            organization: "  ".into(),
            place: "Kiên Giang".into(),
            date: NaiveDate::from_ymd_opt(2020, 5, 15).unwrap(),
        };
        let err = issuer.checked().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Dữ liệu của tài liệu không hợp lệ: trường organization (tổ chức đảng) đang để trống"
        );
        assert_eq!(
            Issuer {
                organization: "Chi bộ Sở Ngoại vụ".into(),
                ..issuer
            }
            .place_date(),
            "Kiên Giang, ngày 15 tháng 5 năm 2020"
        );
    }
}
