//! Per-source state of a command, indexed by the scanner's source id.
//!
//! Source ids are dense (0, 1, 2... in order of discovery) and a source's
//! `Delivery::Begin` comes before its chunks, so a command keeps one slot
//! per source, filled on `Begin` and updated as chunks are delivered.

/// One optional `T` per source id.
#[derive(Debug)]
pub struct BySource<T>(Vec<Option<T>>);

impl<T> Default for BySource<T> {
    fn default() -> Self {
        BySource(Vec::new())
    }
}

impl<T> BySource<T> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the state of source `id` (on its `Begin`).
    pub fn insert(&mut self, id: u32, value: T) {
        let i = id as usize;
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i] = Some(value);
    }

    /// The state of source `id`, if it has begun.
    pub fn get_mut(&mut self, id: u32) -> Option<&mut T> {
        self.0.get_mut(id as usize).and_then(Option::as_mut)
    }

    /// Every source's state, in id order (sort by `SourceInfo::key` for
    /// input order).
    pub fn into_values(self) -> impl Iterator<Item = T> {
        self.0.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_fill_out_of_order() {
        let mut t = BySource::new();
        t.insert(2, "c");
        assert!(t.get_mut(0).is_none() && t.get_mut(7).is_none());
        t.insert(0, "a");
        *t.get_mut(2).unwrap() = "C";
        assert_eq!(t.into_values().collect::<Vec<_>>(), ["a", "C"]);
    }
}
