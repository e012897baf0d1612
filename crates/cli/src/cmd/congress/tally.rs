//! `dangvu tally`: counts one election round from a JSON file (or stdin) under the party's
//! rules (`domain::election`) and prints the result as the JSON of CONTRACTS.md.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use clap::Args;
use serde_json::{Map, Value};

use domain::election::{Ballot, BaseSpec, Exclusion, Mark, Round, count_round};

use crate::error::CliError;

#[derive(Args)]
pub struct TallyArgs {
    /// Tệp JSON của vòng bầu, hoặc - để đọc từ đầu vào chuẩn (input file, or - for stdin)
    #[arg(value_name = "TỆP.json", required_unless_present = "verify")]
    file: Option<String>,
    /// Kiểm tra một vòng bầu đã lưu: số hiệu hoặc mã như CB-SNV/V/committee/1 (verify a stored round)
    #[arg(long, value_name = "VÒNG_BẦU", conflicts_with = "file")]
    verify: Option<String>,
}

/// `--verify` reads the database; a file is counted without touching it.
pub async fn run(db: &str, a: TallyArgs) -> Result<(), CliError> {
    match (a.verify, a.file) {
        (Some(key), _) => verify(db, &key).await,
        (None, Some(file)) => count_file(&file),
        (None, None) => Err(CliError::bad(
            "cần tệp JSON của vòng bầu, hoặc --verify VÒNG_BẦU",
        )),
    }
}

/// Recounts a stored round from its ballots and checks both hash chains: exit 0 when
/// consistent, 1 with each problem (naming the broken ballot) otherwise.
async fn verify(db: &str, key: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(db).await?;
    let round = db.find_round(key).await?;
    let v = db.verify_round(round).await?;
    if v.is_consistent() {
        let elected = v
            .recount
            .as_ref()
            .and_then(|r| r["elected"].as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        println!(
            "Vòng bầu {}: khớp — chuỗi mã băm nguyên vẹn, hai lần nhập trùng nhau, kiểm lại từ các phiếu cho cùng kết quả. Trúng cử: {}",
            v.code,
            if elected.is_empty() {
                "không ai".to_string()
            } else {
                elected
            }
        );
        Ok(())
    } else {
        Err(CliError::Failure(format!(
            "vòng bầu {} không nhất quán:\n{}",
            v.code,
            v.problems.join("\n")
        )))
    }
}

/// Reads, counts, then prints: nothing reaches stdout unless the whole round counts.
fn count_file(file: &str) -> Result<(), CliError> {
    let source = if file == "-" {
        "đầu vào chuẩn".to_string()
    } else {
        file.to_string()
    };
    let text = read_input(file)?;
    let round = parse_round(&text).map_err(|m| CliError::bad(format!("{source}: {m}")))?;
    let result = count_round(&round).map_err(|e| CliError::bad(format!("{source}: {e}")))?;
    let out = serde_json::to_string_pretty(&result)
        .map_err(|e| CliError::Failure(format!("không ghi được kết quả kiểm phiếu: {e}")))?;
    // Warnings go to stderr: the JSON on stdout stays exactly the contract's.
    for w in result.warnings() {
        eprintln!("Cảnh báo: {source}: {w}");
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{out}")?;
    stdout.flush()?;
    Ok(())
}

pub(crate) fn read_input(file: &str) -> Result<String, CliError> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::Failure(format!("không đọc được đầu vào chuẩn: {e}")))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "không có tệp này".to_string(),
                std::io::ErrorKind::PermissionDenied => "không có quyền đọc".to_string(),
                std::io::ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".to_string(),
                _ => e.to_string(),
            };
            CliError::bad(format!("không đọc được tệp {file}: {why}"))
        })?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::bad(format!(
            "{file}: không phải văn bản UTF-8 (byte thứ {} sai)",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// The input of CONTRACTS.md, field by field, so each message names the field at fault.
pub(crate) fn parse_round(text: &str) -> Result<Round, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let at = format!("dòng {}, cột {}", e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Eof => format!("JSON bị cắt cụt, hết dữ liệu ở {at}"),
            _ => format!("JSON sai cú pháp ở {at}"),
        }
    })?;
    let obj = root.as_object().ok_or_else(|| {
        format!(
            "dữ liệu phải là một đối tượng JSON {{…}} có các trường seats, base, candidates, ballots_issued, ballots, không phải {}",
            kind(&root)
        )
    })?;
    if let Some(v) = obj.get("election")
        && !(v.is_string() || v.is_null())
    {
        return Err(format!(
            "trường \"election\" (tên cuộc bầu cử) phải là chuỗi, không phải {}",
            kind(v)
        ));
    }
    let seats = int(obj, "seats", "số lượng cần bầu")?;
    let candidates = strings(
        required(obj, "candidates", "danh sách bầu cử")?,
        "candidates",
        "danh sách bầu cử",
    )?;
    let base = base(required(obj, "base", "căn cứ tính kết quả bầu cử")?)?;
    let ballots_issued = int(obj, "ballots_issued", "số phiếu phát ra")?;
    let ballots = required(obj, "ballots", "các phiếu thu về")?
        .as_array()
        .ok_or_else(|| {
            format!(
                "trường \"ballots\" (các phiếu thu về) phải là mảng [...], không phải {}",
                kind(&obj["ballots"])
            )
        })?
        .iter()
        .enumerate()
        .map(|(i, b)| ballot(i + 1, b))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Round {
        seats,
        base,
        candidates,
        ballots_issued,
        ballots,
    })
}

fn required<'a>(obj: &'a Map<String, Value>, key: &str, what: &str) -> Result<&'a Value, String> {
    obj.get(key)
        .ok_or_else(|| format!("thiếu trường \"{key}\" ({what})"))
}

fn int(obj: &Map<String, Value>, key: &str, what: &str) -> Result<i64, String> {
    let v = required(obj, key, what)?;
    v.as_i64().ok_or_else(|| {
        format!(
            "trường \"{key}\" ({what}) phải là số nguyên, không phải {}",
            kind(v)
        )
    })
}

fn strings(v: &Value, field: &str, what: &str) -> Result<Vec<String>, String> {
    let items = v.as_array().ok_or_else(|| {
        format!(
            "\"{field}\" ({what}) phải là mảng các họ tên [\"…\", …], không phải {}",
            kind(v)
        )
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.as_str().map(str::to_string).ok_or_else(|| {
                format!(
                    "mục thứ {} của \"{field}\" phải là một họ tên (chuỗi), không phải {}",
                    i + 1,
                    kind(s)
                )
            })
        })
        .collect()
}

fn base(v: &Value) -> Result<BaseSpec, String> {
    if let Some(n) = v.as_i64() {
        return Ok(BaseSpec::Number(n));
    }
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "trường \"base\" phải là số nguyên hoặc {{\"summoned\": …, \"exclusions\": {{…}}}}, không phải {}",
            kind(v)
        ));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "summoned" | "exclusions"))
    {
        return Err(format!(
            "trường \"base\" có khóa lạ \"{k}\"; chỉ dùng \"summoned\" (số được triệu tập) và \"exclusions\" (các trường hợp được trừ)"
        ));
    }
    let summoned = int(obj, "summoned", "số được triệu tập").map_err(|m| format!("base: {m}"))?;
    let mut exclusions = Vec::new();
    match obj.get("exclusions") {
        None | Some(Value::Null) => {}
        Some(Value::Object(ex)) => {
            for (key, count) in ex {
                let e = Exclusion::parse(key).map_err(|e| e.to_string())?;
                let n = count.as_i64().ok_or_else(|| {
                    format!(
                        "base.exclusions.{key} ({}) phải là số nguyên, không phải {}",
                        e.label(),
                        kind(count)
                    )
                })?;
                exclusions.push((e, n));
            }
        }
        Some(other) => {
            return Err(format!(
                "base.exclusions phải là đối tượng {{\"absent_with_reason\": 1, …}}, không phải {}",
                kind(other)
            ));
        }
    }
    Ok(BaseSpec::Summoned {
        summoned,
        exclusions,
    })
}

fn ballot(number: usize, v: &Value) -> Result<Ballot, String> {
    let shape = || {
        format!(
            "phiếu thứ {number} phải là {{\"struck\": [tên bị gạch…]}}, {{\"marks\": {{tên: \"yes\"|\"no\"|\"both\"|\"none\"}}}} hoặc {{\"invalid\": \"lý do\"}}, không phải {}",
            kind(v)
        )
    };
    let obj = v.as_object().ok_or_else(shape)?;
    let mut entries = obj.iter();
    let (Some((key, value)), None) = (entries.next(), entries.next()) else {
        return Err(shape());
    };
    match key.as_str() {
        "struck" => Ok(Ballot::Struck(
            strings(
                value,
                "struck",
                &format!("tên bị gạch ở phiếu thứ {number}"),
            )
            .map_err(|m| format!("phiếu thứ {number}: {m}"))?,
        )),
        "marks" => {
            let marks = value.as_object().ok_or_else(|| {
                format!(
                    "phiếu thứ {number}: \"marks\" phải là đối tượng {{tên: \"yes\"|\"no\"|\"both\"|\"none\"}}, không phải {}",
                    kind(value)
                )
            })?;
            let mut out = BTreeMap::new();
            for (name, mark) in marks {
                let raw = mark.as_str().ok_or_else(|| {
                    format!(
                        "phiếu thứ {number}, ô của \"{name}\": dấu phải là chuỗi \"yes\", \"no\", \"both\" hoặc \"none\", không phải {}",
                        kind(mark)
                    )
                })?;
                let m = Mark::parse(raw)
                    .map_err(|e| format!("phiếu thứ {number}, ô của \"{name}\": {e}"))?;
                out.insert(name.clone(), m);
            }
            Ok(Ballot::Marks(out))
        }
        "invalid" => match value {
            Value::String(reason) => Ok(Ballot::Invalid(reason.clone())),
            other => Err(format!(
                "phiếu thứ {number}: \"invalid\" phải là lý do (chuỗi), không phải {}",
                kind(other)
            )),
        },
        _ => Err(shape()),
    }
}

/// A value's JSON type, in Vietnamese, for messages.
fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("giá trị {b}"),
        Value::Number(n) => format!("số {n}"),
        Value::String(s) => format!("chuỗi \"{s}\""),
        Value::Array(_) => "một mảng".into(),
        Value::Object(_) => "một đối tượng".into(),
    }
}

#[cfg(test)]
#[path = "tally_fuzz.rs"]
mod fuzz;
