//! The demo data set (`dangvu demo`, `serve --demo`): the seeds' organizations and members
//! (`register`), admission cases (`admission`), the congress season and the pilot congress
//! (`congress`) and branch life up to today (`branch`).

pub mod admission;
pub mod branch;
pub mod commendation;
pub mod congress;
pub mod register;
