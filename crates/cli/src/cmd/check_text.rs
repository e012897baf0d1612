//! `dangvu check-text FILE [--json]`: checks the figures of a Vietnamese text written by a
//! person (`domain::check`) and prints what is wrong, as a list or as the JSON of
//! CONTRACTS.md. Exit 0 whenever the text was read; 2 when it cannot be (missing, or not
//! UTF-8 — the message says how to save it as UTF-8).

use std::io::Read;

use clap::Args;
use domain::check::{Report, check};

use crate::error::CliError;

#[derive(Args)]
pub struct CheckTextArgs {
    /// Tệp văn bản UTF-8, hoặc - để đọc từ đầu vào chuẩn (text file, or - for stdin)
    #[arg(value_name = "TỆP")]
    file: String,
    /// In kết quả dạng JSON (print JSON)
    #[arg(long)]
    json: bool,
}

pub fn run(a: CheckTextArgs) -> Result<(), CliError> {
    let text = read_text(&a.file)?;
    let report = check(&text);
    if a.json {
        crate::cmd::print_json(&report);
    } else {
        print!("{}", listing(&report));
    }
    Ok(())
}

/// The file's (or stdin's) text, refused unless it is UTF-8.
pub fn read_text(file: &str) -> Result<String, CliError> {
    let (name, bytes) = if file == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| CliError::bad(format!("không đọc được đầu vào chuẩn: {e}")))?;
        ("đầu vào chuẩn".to_string(), b)
    } else {
        let b = std::fs::read(file).map_err(|e| {
            CliError::bad(format!("không đọc được tệp '{file}': {}", io_reason(&e)))
        })?;
        (format!("tệp '{file}'"), b)
    };
    String::from_utf8(bytes).map_err(|e| not_utf8(&name, e.as_bytes(), e.utf8_error()))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "không có tệp này".into(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc".into(),
        std::io::ErrorKind::IsADirectory => "đây là một thư mục".into(),
        _ => e.to_string(),
    }
}

/// The refusal of a text in another encoding: where the first bad byte is, what the file
/// probably is, and how to save it as UTF-8.
fn not_utf8(name: &str, bytes: &[u8], e: std::str::Utf8Error) -> CliError {
    let at = e.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let guess = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        "tệp có vẻ được lưu theo UTF-16 (Unicode của Notepad cũ)"
    } else {
        "tệp có vẻ được lưu theo bảng mã cũ như Windows-1258, TCVN3 (ABC) hoặc VNI"
    };
    CliError::bad(format!(
        "{name} không phải văn bản UTF-8 (byte lạ ở dòng {line}, vị trí {at}): {guess}. \
         Hãy mở tệp và lưu lại theo bảng mã UTF-8 — Notepad: Tệp → Lưu thành… → Mã hóa: UTF-8; \
         Word: Lưu thành… → Văn bản thuần (.txt) → Unicode (UTF-8); chữ gõ bằng phông TCVN3/VNI \
         thì chuyển mã sang Unicode trước (Unikey: Công cụ chuyển mã) — rồi chạy lại."
    ))
}

/// The findings as lines a person reads, then the summary.
pub fn listing(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        out.push_str(&format!(
            "Dòng {} [{}] «{}»\n    {}\n",
            f.line,
            f.severity.label(),
            f.quote,
            f.message
        ));
    }
    let s = r.summary;
    if r.findings.is_empty() {
        out.push_str("Không thấy số liệu sai.\n");
    }
    out.push_str(&format!(
        "Đã kiểm tra {} số liệu: {} sai, {} ghi chú, {} chưa rõ.\n",
        s.checked, s.errors, s.notes, s.ambiguous
    ));
    out
}
