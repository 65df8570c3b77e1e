//! Timing and the summary of repeated measurements.

use std::time::{Duration, Instant};

/// The time one unit of work took, in nanoseconds.
#[derive(Clone, Copy)]
pub struct Timing {
    /// CPU time of the measuring thread: what the work cost, leaving out
    /// the time the thread waited for a core on a busy machine.
    pub cpu: f64,
    /// Wall-clock time.
    pub wall: f64,
}

/// Run `work` again and again until at least `min` of CPU time has passed,
/// and return the time per unit of work; `work`
/// returns how many units it did (files loaded, choices made).
pub fn per_unit(min: Duration, mut work: impl FnMut() -> u64) -> Timing {
    let (wall, cpu) = (Instant::now(), thread_cpu_ns());
    let mut units = 0u64;
    let mut runs = 0;
    while runs < 1 || thread_cpu_ns() - cpu < min.as_nanos() as f64 {
        units += work();
        runs += 1;
    }
    let units = units.max(1) as f64;
    Timing {
        cpu: (thread_cpu_ns() - cpu) / units,
        wall: wall.elapsed().as_nanos() as f64 / units,
    }
}

/// The CPU time this thread has used, in nanoseconds.
fn thread_cpu_ns() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write to.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    t.tv_sec as f64 * 1e9 + t.tv_nsec as f64
}

/// Median and range of one figure over the repetitions.
#[derive(Clone, Copy)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

pub fn summary(values: &[f64]) -> Summary {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Summary {
        median,
        min: v[0],
        max: v[n - 1],
    }
}

/// `a[i] / b[i]` for each repetition `i`: a ratio within one repetition,
/// so that a slow spell of a shared machine weighs on both sides of it.
pub fn paired(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x / y).collect()
}

/// A duration in nanoseconds, in a unit that keeps three or four digits.
pub fn time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

pub fn times(s: Summary) -> (String, String) {
    (time(s.median), format!("{} – {}", time(s.min), time(s.max)))
}

pub fn ratios(s: Summary) -> (String, String) {
    (
        ratio(s.median),
        format!("{} – {}", ratio(s.min), ratio(s.max)),
    )
}

fn ratio(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = summary(&[5.0, 1.0, 3.0]);
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        assert_eq!(summary(&[4.0, 1.0, 3.0, 2.0]).median, 2.5);
    }

    #[test]
    fn ratios_are_taken_within_each_repetition() {
        // A slow second repetition slows both sides: the paired ratios
        // stay at 2, where the ratio of medians would not say so as well.
        let r = paired(&[2.0, 20.0, 4.0], &[1.0, 10.0, 2.0]);
        assert_eq!(r, [2.0, 2.0, 2.0]);
    }
}
