//! dangvu's files: the member register read from and written to .csv and .xlsx, with
//! errors a user can act on. The rules of the columns live in `domain::import`.

pub mod error;
pub mod members_file;

pub use error::FileError;
