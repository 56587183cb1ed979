//! Phase timings, printed as each phase ends and once more at the end.

use std::time::{Duration, Instant};

pub struct Timings {
    start: Instant,
    phases: Vec<(&'static str, Duration)>,
    verbose: bool,
}

impl Timings {
    pub fn new() -> Self {
        Timings {
            start: Instant::now(),
            phases: Vec::new(),
            verbose: true,
        }
    }

    /// Records the phases without printing anything.
    pub fn quiet() -> Self {
        Timings {
            verbose: false,
            ..Timings::new()
        }
    }

    pub fn phase<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        if self.verbose {
            eprintln!("xtask: --- {name}");
        }
        let start = Instant::now();
        let result = f();
        let took = start.elapsed();
        if self.verbose {
            eprintln!("xtask: --- {name}: {:.1}s", took.as_secs_f64());
        }
        self.phases.push((name, took));
        result
    }

    pub fn print(&self) {
        eprintln!("xtask: timings");
        for (name, took) in &self.phases {
            eprintln!("xtask:   {name:<30} {:>7.1}s", took.as_secs_f64());
        }
        let total = self.start.elapsed().as_secs_f64();
        eprintln!("xtask:   {:<30} {total:>7.1}s", "total");
    }
}
