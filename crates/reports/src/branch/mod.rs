//! Branch life's files: the review of a resolution's targets and the yearly rating sheet
//! (`review`), and a member's personal review form (`personal`).

pub mod personal;
pub mod review;
