//! `dangvu doc`: the congress documents from a JSON file — counting minutes (.docx or .pdf),
//! ballot papers (.pdf), a draft news article (Markdown) — made by `reports`.

use std::path::Path;

use clap::Args;
use serde::de::DeserializeOwned;
use serde_json::Value;

use domain::election::count_round;
use reports::DocError;
use reports::congress::article::ArticleInput;
use reports::congress::ballot_paper::BallotPaper;
use reports::congress::minutes::{CountingMinutes, MinutesInfo};

use crate::cmd::congress::tally::{parse_round, read_input};
use crate::error::CliError;

#[derive(Args)]
pub struct DocArgs {
    /// Tệp JSON, hoặc - để đọc từ đầu vào chuẩn (input file, or - for stdin)
    #[arg(value_name = "TỆP.json")]
    file: String,
    /// Tệp kết quả; phần mở rộng chọn định dạng (.docx, .pdf, .md) (output file)
    #[arg(long, short, value_name = "TỆP")]
    out: Option<String>,
}

fn source(a: &DocArgs) -> String {
    if a.file == "-" {
        "đầu vào chuẩn".to_string()
    } else {
        a.file.clone()
    }
}

pub(crate) fn minutes(a: DocArgs) -> Result<(), CliError> {
    let src = source(&a);
    let out = require_out(&a, &["docx", "pdf"])?;
    let mut root = read_json(&a)?;
    let tally = root
        .as_object_mut()
        .and_then(|o| o.remove("tally"))
        .ok_or_else(|| {
            CliError::bad(format!(
                "{src}: thiếu trường \"tally\" (vòng bầu, như đầu vào của dangvu tally)"
            ))
        })?;
    let round =
        parse_round(&tally.to_string()).map_err(|m| CliError::bad(format!("{src}: tally: {m}")))?;
    let result = count_round(&round).map_err(|e| CliError::bad(format!("{src}: tally: {e}")))?;
    let info: MinutesInfo = from_value(&src, root)?;
    let minutes = CountingMinutes::new(info, result).map_err(|e| doc_error(&src, e))?;
    let bytes = if extension(&out) == "docx" {
        minutes.to_docx()
    } else {
        minutes.to_pdf()
    }
    .map_err(|e| doc_error(&src, e))?;
    write(&out, &bytes)
}

pub(crate) fn ballot(a: DocArgs) -> Result<(), CliError> {
    let src = source(&a);
    let out = require_out(&a, &["pdf"])?;
    let paper: BallotPaper = from_value(&src, read_json(&a)?)?;
    let bytes = paper.to_pdf().map_err(|e| doc_error(&src, e))?;
    write(&out, &bytes)
}

pub(crate) fn article(a: DocArgs) -> Result<(), CliError> {
    let src = source(&a);
    if let Some(out) = &a.out {
        check_extension(out, &["md", "txt"])?;
    }
    let input: ArticleInput = from_value(&src, read_json(&a)?)?;
    let text = input.to_markdown().map_err(|e| doc_error(&src, e))?;
    match &a.out {
        Some(out) => write(out, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn read_json(a: &DocArgs) -> Result<Value, CliError> {
    let text = read_input(&a.file)?;
    serde_json::from_str(&text).map_err(|e| {
        CliError::bad(format!(
            "{}: JSON sai cú pháp ở dòng {}, cột {}",
            source(a),
            e.line(),
            e.column()
        ))
    })
}

/// Reads the input struct, with serde's reason (field names are the JSON keys).
fn from_value<T: DeserializeOwned>(src: &str, v: Value) -> Result<T, CliError> {
    serde_json::from_value(v).map_err(|e| {
        CliError::bad(format!(
            "{src}: dữ liệu không đúng mẫu (xem docs/examples/): {}",
            vietnamese_serde(&e.to_string())
        ))
    })
}

/// serde's common messages in Vietnamese; the field names stay as they are.
fn vietnamese_serde(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("thiếu trường {}", rest.replace('`', "\""));
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        return format!(
            "giá trị không hợp lệ {}",
            rest.replace('`', "\"")
                .replace("expected one of", "chỉ dùng")
        );
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        return format!("sai kiểu dữ liệu: {}", rest.replace('`', "\""));
    }
    if m.starts_with("input contains invalid characters")
        || m.starts_with("premature end of input")
        || m.starts_with("input is out of range")
    {
        return format!("ngày không hợp lệ (viết YYYY-MM-DD): {m}");
    }
    m.to_string()
}

/// Writes the counting minutes as .docx or PDF, as the file name says.
pub(crate) fn write_document(out: &str, minutes: &CountingMinutes) -> Result<(), CliError> {
    check_extension(out, &["docx", "pdf"])?;
    let bytes = if extension(out) == "docx" {
        minutes.to_docx()
    } else {
        minutes.to_pdf()
    }
    .map_err(|e| doc_error(out, e))?;
    write(out, &bytes)
}

fn doc_error(src: &str, e: DocError) -> CliError {
    match e {
        DocError::Invalid(_) => CliError::bad(format!("{src}: {e}")),
        DocError::Template(_) | DocError::Docx(_) => CliError::Failure(e.to_string()),
    }
}

fn extension(path: &str) -> String {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase()
}

fn check_extension(out: &str, allowed: &[&str]) -> Result<(), CliError> {
    let ext = extension(out);
    if allowed.contains(&ext.as_str()) {
        Ok(())
    } else {
        let list: Vec<String> = allowed.iter().map(|e| format!(".{e}")).collect();
        Err(CliError::bad(format!(
            "--out {out}: phần mở rộng phải là {}",
            list.join(" hoặc ")
        )))
    }
}

fn require_out(a: &DocArgs, allowed: &[&str]) -> Result<String, CliError> {
    let out = a.out.clone().ok_or_else(|| {
        let list: Vec<String> = allowed.iter().map(|e| format!("TỆP.{e}")).collect();
        CliError::bad(format!("thiếu --out {}", list.join(" hoặc --out ")))
    })?;
    check_extension(&out, allowed)?;
    Ok(out)
}

/// Writes beside the target and renames, so a failed write leaves no half file.
fn write(out: &str, bytes: &[u8]) -> Result<(), CliError> {
    let path = Path::new(out);
    let tmp = path.with_extension(format!("{}.tmp", extension(out)));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CliError::Failure(format!("không ghi được tệp {out}: {e}"))
        })?;
    eprintln!(
        "Đã ghi {out} ({} byte).",
        domain::text::format_int(bytes.len() as i64)
    );
    Ok(())
}
