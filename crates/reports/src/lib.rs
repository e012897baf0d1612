//! dangvu's files, by area (docs/DESIGN.md): the member register read from and written to .csv
//! and .xlsx, with errors a user can act on (`register`; the rules of the columns live in
//! `domain::register::import`), the congress documents (`congress`: .docx, PDF, text; the
//! counting rules live in `domain::election`) and the branch-life workbooks (`branch`: the
//! review of a resolution's targets, the rating sheet) and commendation's (`commendation`: the
//! award statistics with a chart), and the register's party documents (`documents`: the HD 36
//! layout filled from templates). `accounts` prints the sheet of
//! initial passwords. `document` and `pdf` are the party's
//! document layout and the PDF engine every area's documents share.

pub mod accounts;
pub mod branch;
pub mod commendation;
pub mod congress;
pub mod document;
pub mod documents;
pub mod error;
pub mod pdf;
pub mod register;

pub use error::{DocError, FileError};
