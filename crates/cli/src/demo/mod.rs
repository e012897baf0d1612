//! The demo data set (`dangvu demo`, `serve --demo`): the seeds' organizations and members
//! (`register`), admission cases (`admission`), the congress season and the pilot congress
//! (`congress`), branch life up to today (`branch`) and party badges (`badge`).

pub mod admission;
pub mod badge;
pub mod branch;
pub mod commendation;
pub mod congress;
pub mod documents;
pub mod register;
