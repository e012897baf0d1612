//! `dangvu commend eligible FILE.json`: which titles and awards one person or collective may be
//! proposed for in a year, under the rules of `domain::commendation` with the thresholds' default
//! values, printed as the JSON of CONTRACTS.md.

use std::io::Read;

use clap::Args;
use serde::Serialize;

use domain::commendation::{Thresholds, Verdict, decide, wire};

use crate::error::CliError;

#[derive(Args)]
pub struct EligibleArgs {
    /// Tệp JSON: quá trình xếp loại, danh hiệu, sáng kiến, khen thưởng; - để đọc đầu vào chuẩn
    #[arg(value_name = "TỆP.json")]
    file: String,
}

#[derive(Serialize)]
struct Output {
    year: i32,
    results: Vec<Verdict>,
}

pub fn run(a: EligibleArgs) -> Result<(), CliError> {
    let text = if a.file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(&a.file)
            .map_err(|e| CliError::bad(format!("không đọc được tệp {}: {e}", a.file)))?
    };
    let case = wire::parse(&text).map_err(|e| CliError::bad(e.to_string()))?;
    let results = decide(&case, &Thresholds::defaults(case.year));
    crate::cmd::print_json(&Output {
        year: case.year,
        results,
    });
    Ok(())
}
