//! dangvu's files: the member register read from and written to .csv and .xlsx, with
//! errors a user can act on, and the congress documents (.docx, PDF, text). The rules of the
//! columns live in `domain::import`; the counting rules in `domain::election`.

pub mod article;
pub mod ballot_paper;
pub mod document;
pub mod error;
pub mod members_file;
pub mod minutes;
pub mod pdf;

pub use document::DocError;
pub use error::FileError;
