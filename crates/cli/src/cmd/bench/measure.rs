//! How the benchmarks measure: the median of repeated runs after one warm-up, a percentile of
//! a sample, and durations printed in milliseconds.

use std::time::{Duration, Instant};

use crate::error::CliError;

pub fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

pub fn percentile(mut xs: Vec<Duration>, p: f64) -> Duration {
    xs.sort();
    let i = ((xs.len() as f64 * p).ceil() as usize).clamp(1, xs.len()) - 1;
    xs[i]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub async fn time<F, Fut, T>(runs: usize, mut f: F) -> Result<Duration, CliError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, CliError>>,
{
    f().await?; // warm the caches once
    let mut xs = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        f().await?;
        xs.push(t.elapsed());
    }
    Ok(median(xs))
}
