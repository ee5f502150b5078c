//! Progress counters the scanner updates and a progress bar may read.
//! Nothing here draws: the output layer decides whether and how to show it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Bytes of input (as stored on disk: compressed bytes for compressed
/// files) known in total and read so far.
#[derive(Debug, Default)]
pub struct Meter {
    total: AtomicU64,
    done: Arc<AtomicU64>,
}

impl Meter {
    /// A meter at zero.
    pub fn new() -> Meter {
        Meter::default()
    }

    /// Adds an input's size to the total.
    pub fn add_total(&self, bytes: u64) {
        self.total.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Adds bytes read.
    pub fn add_done(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }

    /// The shared counter that stream readers add raw bytes to.
    pub fn done_counter(&self) -> Arc<AtomicU64> {
        self.done.clone()
    }

    /// (bytes read, bytes in total).
    pub fn get(&self) -> (u64, u64) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
}
