//! Every test of this crate that needs no browser, in one binary: one link instead of one per
//! file keeps the build's time and disk small (each module is the file of the same name).

#[path = "../common/mod.rs"]
mod common;

mod admission;
mod attacks;
mod backup;
mod badge;
mod branch_life;
mod check_text;
mod cli;
mod commendation;
mod congress;
mod crash;
mod crawl;
mod documents;
mod failover;
mod figures;
mod member_demo;
mod package;
mod portal;
mod review;
mod seeds;
mod tally;
mod user;
