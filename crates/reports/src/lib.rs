//! dangvu's files: the member register read from and written to .csv and .xlsx, with
//! errors a user can act on (the rules of the columns live in `domain::import`), the
//! congress documents (.docx, PDF, text; the counting rules live in `domain::election`) and the
//! branch-life workbooks (the review of a resolution's targets, the rating sheet).

pub mod article;
pub mod ballot_paper;
pub mod document;
pub mod error;
pub mod members_file;
pub mod minutes;
pub mod pdf;
pub mod review;

pub use document::DocError;
pub use error::FileError;
