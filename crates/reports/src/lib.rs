//! dangvu's files: the member register read from and written to .csv and .xlsx, with
//! errors a user can act on (the rules of the columns live in `domain::import`), and the
//! branch-life workbooks (the review of a resolution's targets, the rating sheet).

pub mod error;
pub mod members_file;
pub mod review;

pub use error::FileError;
