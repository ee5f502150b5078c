//! The fuzz target of the one-literal searcher (`scan::folded`), whose
//! vector loop reads the haystack through raw pointers: every occurrence it
//! reports, from every start, must be what the plain definition finds.

use crate::scan::folded::Folded;

/// `data`: byte 0 picks the needle length (2 to 65) and byte 1 whether case
/// is ignored (bit 0) and the first start offset; the needle follows, and
/// the rest is the haystack.
pub fn folded(data: &[u8]) {
    let [len, flags, rest @ ..] = data else { return };
    let len = 2 + (*len as usize % 64);
    if rest.len() < len {
        return;
    }
    let (needle, hay) = rest.split_at(len);
    let any_case = flags & 1 == 1;
    let Some(f) = Folded::new(needle, any_case) else { return };
    let naive = |p: usize| {
        let w = &hay[p..p + len];
        if any_case {
            w.eq_ignore_ascii_case(needle)
        } else {
            w == needle
        }
    };
    let expected: Vec<usize> =
        if hay.len() < len { Vec::new() } else { (0..=hay.len() - len).filter(|&p| naive(p)).collect() };
    let mut found = Vec::new();
    let mut at = (*flags as usize >> 1).min(hay.len());
    let first = at;
    while let Some((s, e)) = f.find_at(hay, at) {
        assert!(s >= at && e == s + len && e <= hay.len(), "match {s}..{e} from {at} in {} bytes", hay.len());
        found.push(s);
        at = s + 1;
    }
    let expected: Vec<usize> = expected.into_iter().filter(|&p| p >= first).collect();
    assert_eq!(found, expected, "needle {needle:?}, any case {any_case}");
    assert_eq!(f.find_at(hay, hay.len() + 1), None);
}

#[cfg(test)]
mod tests {
    use super::folded;

    #[test]
    fn the_target_accepts_hits_in_any_case_at_the_ends_and_near_misses() {
        let id = b"e859614f-70fb-43c8-85d6-b4a147ace60b";
        let mut data = vec![(id.len() - 2) as u8, 1];
        data.extend_from_slice(id);
        data.extend_from_slice(&id.to_ascii_uppercase());
        data.extend_from_slice(&[b' '; 70]);
        data.extend_from_slice(b"e859614f-70fb-43c8-85d6-b4a147ace60c ");
        data.extend_from_slice(id);
        folded(&data);
        data[1] = 0; // exact case only
        folded(&data);
        folded(&[0, 0, b'a']); // a haystack shorter than the needle
    }
}
