//! Typst as a library: compiles one of our templates with its data into PDF bytes, with the
//! bundled Liberation Serif fonts (Times New Roman metrics), no files, no packages, no network.

use std::sync::OnceLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Str};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::error::DocError;

/// Liberation Serif 2.1 (SIL OFL 1.1, see `fonts/LICENSE`): metric-compatible with Times New
/// Roman, with the Vietnamese letters (Latin Extended Additional).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The family name templates set: `#set text(font: "Liberation Serif")`.
pub const FONT_FAMILY: &str = "Liberation Serif";

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The fonts, parsed once per process.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One compilation: the template as the main file and the data as `sys.inputs.data` (JSON
/// text; templates read it with `json(bytes(sys.inputs.data))`).
struct DocWorld {
    library: LazyHash<Library>,
    main: Source,
}

impl DocWorld {
    fn new(template: &str, data_json: String) -> Self {
        let path = VirtualPath::new("/main.typ").expect("a constant, valid virtual path");
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        let mut inputs = Dict::new();
        inputs.insert(Str::from("data"), Str::from(data_json).into_value());
        Self {
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            main: Source::new(id, template.to_string()),
        }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    /// Documents carry their own dates; a template never asks for today.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Compiles `template` (typst markup) with `data` into a PDF. The same input gives the same
/// bytes: no timestamp, a fixed document identifier.
pub fn render_pdf(template: &str, data: &impl Serialize) -> Result<Vec<u8>, DocError> {
    let document = compile(template, data)?;
    // PDF 2.0: still tagged for accessibility, but without the `/Suspects false` a tagged
    // PDF 1.7 carries, which poppler (pdftoppm, Debian's viewers) reports as a syntax error.
    let standards = PdfStandards::new(&[PdfStandard::V_2_0])
        .map_err(|e| DocError::Template(e.message().to_string()))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom("dangvu".to_string()),
        creator: typst::foundations::Smart::Custom(Some("dangvu".to_string())),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|e| DocError::Template(messages(&e)))
}

/// The number of pages `template` lays out with `data` (for tests and page-count checks).
pub fn page_count(template: &str, data: &impl Serialize) -> Result<usize, DocError> {
    Ok(compile(template, data)?.pages().len())
}

fn compile(template: &str, data: &impl Serialize) -> Result<PagedDocument, DocError> {
    let json = serde_json::to_string(data).map_err(|e| DocError::Template(e.to_string()))?;
    let world = DocWorld::new(template, json);
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|e| DocError::Template(messages(&e)))
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The text of a PDF as `pdftotext` reads it, or `None` where poppler-utils is missing.
    pub(crate) fn pdf_text(pdf: &[u8]) -> Option<String> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, pdf).ok()?;
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The text of page `page` (from 1) as `pdftotext` reads it. poppler-utils is required
    /// (CI installs it): a missing tool fails the test rather than skipping it.
    pub(crate) fn pdf_page_text(pdf: &[u8], page: usize) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args([
                "-layout",
                "-enc",
                "UTF-8",
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
            ])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        assert!(out.status.success(), "pdftotext failed on page {page}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Renders the first page with `pdftoppm` at 100 dpi: what it wrote to stderr (warnings,
    /// errors) and the PNG. poppler-utils is required, as for [`pdf_page_text`].
    pub(crate) fn pdftoppm(pdf: &[u8]) -> (String, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&path)
            .arg(dir.path().join("page"))
            .output()
            .expect("pdftoppm (poppler-utils) must be installed");
        assert!(out.status.success(), "pdftoppm failed");
        let png = std::fs::read(dir.path().join("page.png")).unwrap_or_default();
        (String::from_utf8_lossy(&out.stderr).into_owned(), png)
    }

    const TEMPLATE: &str = r#"#let data = json(bytes(sys.inputs.data))
#set page(paper: "a4")
#set text(font: "Liberation Serif", size: 14pt, lang: "vi")
= #data.title
#data.body
"#;

    #[derive(Serialize)]
    struct Data<'a> {
        title: &'a str,
        body: &'a str,
    }

    const DATA: Data<'static> = Data {
        title: "ĐẢNG CỘNG SẢN VIỆT NAM",
        body: "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025: Nguyễn Thị Hường, Lê Văn Ước.",
    };

    #[test]
    fn renders_a_pdf_with_the_vietnamese_text() {
        let pdf = render_pdf(TEMPLATE, &DATA).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(TEMPLATE, &DATA).unwrap(), 1);
        if let Some(text) = pdf_text(&pdf) {
            let text = domain::text::normalize(&text);
            assert!(text.contains("ĐẢNG CỘNG SẢN VIỆT NAM"), "{text}");
            assert!(text.contains("Nguyễn Thị Hường, Lê Văn Ước"), "{text}");
        }
    }

    #[test]
    fn markup_in_the_data_is_text_not_code() {
        let data = Data {
            title: "#panic(\"x\") *đậm* $x$",
            body: "[link] _nghiêng_ @ref <label> \\",
        };
        let pdf = render_pdf(TEMPLATE, &data).unwrap();
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains("#panic(\"x\") *đậm* $x$"), "{text}");
            assert!(text.contains("_nghiêng_ @ref <label>"), "{text}");
        }
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        assert_eq!(
            render_pdf(TEMPLATE, &DATA).unwrap(),
            render_pdf(TEMPLATE, &DATA).unwrap()
        );
    }

    #[test]
    fn a_broken_template_is_an_error_not_a_panic() {
        let err = render_pdf("#let x = (", &DATA).unwrap_err();
        assert!(matches!(err, DocError::Template(_)), "{err:?}");
        let err = render_pdf("#image(\"/etc/passwd\")", &DATA).unwrap_err();
        assert!(matches!(err, DocError::Template(_)), "{err:?}");
    }
}
