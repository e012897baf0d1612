//! Command-line usage errors and help in Vietnamese (issue 18 §5.6): clap writes its own
//! messages in English, so its errors are rendered here from their kind and context
//! (`clap::error::ErrorKind`, `ContextKind`), and the headings of its help are translated.
//! Exit code 2 for a usage error, as for any bad input (CONTRACTS.md).

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// clap's English headings and stock lines in help and usage, with their Vietnamese.
const HEADINGS: [(&str, &str); 7] = [
    ("Usage:", "Cách dùng:"),
    ("Commands:", "Lệnh:"),
    ("Arguments:", "Tham số:"),
    ("Options:", "Tùy chọn:"),
    ("Print help", "In trợ giúp"),
    ("Print version", "In phiên bản"),
    ("[default: ", "[mặc định: "),
];

/// Help or usage text with clap's headings in Vietnamese.
pub fn translate_headings(text: &str) -> String {
    HEADINGS
        .iter()
        .fold(text.to_string(), |t, (en, vi)| t.replace(en, vi))
}

/// One value of an error's context, as text (several joined by ", ").
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The Vietnamese sentence for a usage error.
fn sentence(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue)
        .map(|v| domain::text::excerpt(&v))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh '{}'",
            domain::text::excerpt(&context(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        ),
        ErrorKind::UnknownArgument => {
            format!("không có tham số '{}'", domain::text::excerpt(&arg))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg}: thiếu giá trị"),
        ErrorKind::InvalidValue => format!("{arg}: giá trị '{value}' không hợp lệ"),
        ErrorKind::ValueValidation => format!("{arg}: giá trị '{value}' không hợp lệ"),
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh con".into()
        }
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng {arg} cùng với {other}")
        }
        ErrorKind::TooManyValues => format!("{arg}: quá nhiều giá trị ('{value}')"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg}: số giá trị không đúng")
        }
        ErrorKind::NoEquals => format!("{arg}: cần dấu '=' trước giá trị"),
        ErrorKind::InvalidUtf8 => "tham số không phải văn bản UTF-8".into(),
        _ => "cách gọi lệnh không đúng".into(),
    }
}

/// The hint of a similar name clap found, in Vietnamese.
fn suggestion(e: &clap::Error) -> Option<String> {
    [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|k| context(e, k))
    .map(|s| format!("Có phải ý bạn là '{s}'?"))
}

/// The usage of the deepest subcommand that `args` name, for an error that carries none.
fn usage_of(mut cmd: clap::Command, args: &[String]) -> String {
    cmd.build();
    let names: Vec<String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect();
    descend(&mut cmd, &names)
}

fn descend(cmd: &mut clap::Command, names: &[String]) -> String {
    if let Some((name, rest)) = names.split_first()
        && let Some(sub) = cmd.find_subcommand_mut(name)
    {
        return descend(sub, rest);
    }
    cmd.render_usage().to_string()
}

/// The whole message of a usage error: the sentence, a hint, the usage and where to read
/// more, or for a command given without its subcommand the command's help. `cmd` and `args`
/// give the usage when clap's error has none.
pub fn message(e: &clap::Error, cmd: clap::Command, args: &[String]) -> String {
    let mut out = format!("Lỗi: {}.", sentence(e));
    if let Some(s) = suggestion(e) {
        out.push_str(&format!(" {s}"));
    }
    match context(e, ContextKind::ValidValue) {
        Some(values) if !values.is_empty() => {
            out.push_str(&format!("\nGiá trị hợp lệ: {values}."));
        }
        _ => {}
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        out.push_str("\n\n");
        out.push_str(&translate_headings(e.render().to_string().trim_end()));
        return out;
    }
    let usage = context(e, ContextKind::Usage).unwrap_or_else(|| usage_of(cmd, args));
    out.push_str("\n\n");
    out.push_str(&translate_headings(usage.trim_end()));
    out.push_str("\n\nXem thêm: thêm --help sau lệnh.");
    out
}
