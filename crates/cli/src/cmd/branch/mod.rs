//! Branch life's commands: `meeting`, `study` and `supervision`, `rating`, `review` and
//! `admission`.

pub mod admission;
pub mod meeting;
pub mod rating;
pub mod review;
pub mod study;
