//! A text -> id table for the string tables of `logins` ([`super::ChunkStrings`]
//! in the workers, [`super::Interner`] in the sink), keyed by the text's
//! hash instead of an owned copy of the text.
//!
//! The tables already own every text once (by id); keying the lookup map
//! by a boxed copy as well cost an allocation and a free per distinct
//! string (a busy auth.log has a new address on nearly every attack line).
//! Here the map holds the hash and the id of the first text with that hash;
//! the (rare) later texts whose hash collides go to a second, owned map, so
//! the answers are exactly those of a map keyed by the text.

use std::collections::hash_map::Entry;
use std::hash::Hasher;

use super::{FxHasher, FxMap};
use crate::bytes::same;

/// Ids of texts owned elsewhere (see the module doc).
#[derive(Debug, Default)]
pub struct TextIds {
    first: FxMap<u64, u32>,
    clash: FxMap<Box<str>, u32>,
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_usize(s.len());
    h.finish()
}

impl TextIds {
    /// An empty table with room for `n` texts.
    pub fn with_capacity(n: usize) -> TextIds {
        TextIds { first: FxMap::with_capacity_and_hasher(n, Default::default()), clash: FxMap::default() }
    }

    /// The id of `s`, given `name`, the text of an id already in the table.
    #[inline]
    pub fn get<'a>(&self, s: &str, name: impl Fn(u32) -> &'a str) -> Option<u32> {
        match self.first.get(&hash(s)) {
            None => None,
            Some(&i) if same(name(i).as_bytes(), s.as_bytes()) => Some(i),
            Some(_) => self.clash.get(s).copied(),
        }
    }

    /// Records that `s` (not in the table yet) has id `id`.
    #[inline]
    pub fn insert(&mut self, s: &str, id: u32) {
        match self.first.entry(hash(s)) {
            Entry::Vacant(e) => {
                e.insert(id);
            }
            Entry::Occupied(_) => {
                self.clash.insert(s.into(), id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remainder_word_is_the_padded_little_endian_word() {
        for s in ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "198.51.100.7"] {
            let (mut h, mut want) = (FxHasher::default(), FxHasher::default());
            h.write(s.as_bytes());
            let mut chunks = s.as_bytes().chunks_exact(8);
            for c in &mut chunks {
                want.write_u64(u64::from_le_bytes(c.try_into().unwrap()));
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                let mut b = [0u8; 8];
                b[..rest.len()].copy_from_slice(rest);
                want.write_u64(u64::from_le_bytes(b));
            }
            assert_eq!(h.finish(), want.finish(), "{s:?}");
        }
    }

    #[test]
    fn colliding_hashes_still_give_each_text_its_id() {
        // FxHasher pads the last word with zeros: "a" and "a\0" share the
        // words, and only the length tells them apart; force real clashes
        // by checking a table whose first map is poisoned.
        let names: Vec<String> = (0..2000).map(|i| format!("198.51.{}.{}", i / 256, i % 256)).collect();
        let mut t = TextIds::default();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.get(n, |k| names[k as usize].as_str()), None);
            t.insert(n, i as u32);
        }
        for (i, n) in names.iter().enumerate() {
            assert_eq!(t.get(n, |k| names[k as usize].as_str()), Some(i as u32));
        }
        assert_eq!(t.get("nope", |k| names[k as usize].as_str()), None);
        // A text whose hash slot holds another text: found in the clash map.
        let mut t = TextIds::default();
        t.first.insert(hash("b"), 0);
        let texts = ["a", "b"];
        t.clash.insert("b".into(), 1);
        assert_eq!(t.get("b", |k| texts[k as usize]), Some(1));
        t.insert("b", 1);
        assert_eq!(t.get("b", |k| texts[k as usize]), Some(1));
        assert_eq!(t.get("c", |k| texts[k as usize]), None);
    }
}
