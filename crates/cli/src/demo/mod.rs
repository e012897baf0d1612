//! The demo data set (`dangvu demo`, `serve --demo`): the seeds' organizations and members
//! (`register`), admission cases (`admission`), the congress season and the pilot congress
//! (`congress`), branch life up to today (`branch`), party badges (`badge`) and the news
//! portal's articles (`portal`), each seed's own events (`seeds`), and what members hand in
//! themselves: pledges, self-assessments and the next meeting's notice (`members`).

pub mod admission;
pub mod badge;
pub mod branch;
pub mod commendation;
pub mod congress;
pub mod documents;
pub mod members;
pub mod portal;
pub mod register;
pub mod seeds;
