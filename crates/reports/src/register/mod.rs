//! The register's files: the member file (form 7-HSĐV columns) read from and written to .csv
//! and .xlsx.

pub mod members_file;
