//! What `trace --top` reads from one record, field by field: its request
//! IDs (UUIDs and `traceparent`s in the raw bytes, then the values of
//! request-ID fields), its HTTP status and its recorded duration.
//!
//! One reader for both routes to the fields: a parsed event's field list
//! ([`super::top::for_each_request_id`]) and a format's field visitor,
//! which hands over fields without building the event
//! ([`super::quick`]). So both give the same contribution by construction;
//! the visitor may skip the fields [`FieldScan::wants`] says are ignored.

use crate::analysis::trace::ids::{
    for_each_raw_id, hex32_bits, id_key_kind, is_id_value, uuid_at, uuid_bits, IdKind, RawId,
};
use crate::analysis::trace::top::{contains_uuid, duration_scale, Agg, IdKey, STATUS};
use crate::event::{Level, Timestamp, Value};

/// What a field is to [`FieldScan`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wanted {
    /// The HTTP status, under the `i`-th name of [`STATUS`] (by priority).
    Status(usize),
    /// A recorded duration, in units of this many milliseconds.
    Duration(f64),
    /// A request-ID name.
    Id,
}

/// One record's IDs (once each, at most four), status and duration so far.
#[derive(Default)]
pub struct FieldScan {
    keys: [Option<IdKey>; 4],
    n: usize,
    /// Per name of [`STATUS`], the first such field's value as a number
    /// (`Some(None)`: present, not a number).
    status: [Option<Option<u16>>; 3],
    recorded: Option<f64>,
}

impl FieldScan {
    /// Starts with the IDs found in the raw record (UUIDs, `traceparent`
    /// trace ids), which come before those of the fields.
    pub fn new(raw: &[u8]) -> FieldScan {
        let mut s = FieldScan::default();
        for_each_raw_id(raw, &mut |r| match r {
            RawId::Uuid(b) => s.push(IdKey::Uuid(uuid_bits(b))),
            RawId::TraceParent(b) => s.push(IdKey::Hex32(hex32_bits(b))),
            RawId::ParentSpan(_) => {}
        });
        s
    }

    #[inline]
    fn push(&mut self, k: IdKey) {
        if self.n < self.keys.len() && !self.keys[..self.n].iter().any(|x| x.as_ref() == Some(&k)) {
            self.keys[self.n] = Some(k);
            self.n += 1;
        }
    }

    /// What [`FieldScan::field`] does with a field of this name: `None`
    /// for the fields it ignores (a visitor need not build their values).
    #[inline]
    pub fn wants(key: &str) -> Option<Wanted> {
        // Status and duration names end in `s` or `e`; ID names in d, q, n or t.
        if matches!(key.as_bytes().last(), Some(b's' | b'e')) {
            if let Some(i) = STATUS.iter().position(|s| *s == key) {
                return Some(Wanted::Status(i));
            }
            return duration_scale(key).map(Wanted::Duration);
        }
        // The usual spelling, on nearly every line, without the general
        // classification (which gives the same: tested).
        if key == "request_id" {
            return Some(Wanted::Id);
        }
        (id_key_kind(key) == Some(IdKind::Request)).then_some(Wanted::Id)
    }

    /// Reads one field, in the record's order.
    #[inline]
    pub fn field(&mut self, key: &str, v: &Value<'_>) {
        if let Some(w) = FieldScan::wants(key) {
            self.wanted(w, key, v);
        }
    }

    /// Reads one field that [`FieldScan::wants`] said is `w`.
    #[inline]
    pub fn wanted(&mut self, w: Wanted, key: &str, v: &Value<'_>) {
        match w {
            Wanted::Status(i) => {
                if self.status[i].is_none() {
                    self.status[i] = Some(v.as_text().parse::<u16>().ok());
                }
            }
            Wanted::Duration(scale) => {
                if let Some(x) = v.as_f64().filter(|x| x.is_finite() && *x >= 0.0) {
                    self.recorded = Some(self.recorded.map_or(x * scale, |b: f64| b.max(x * scale)));
                }
            }
            Wanted::Id => {
                let text: &str = match v {
                    Value::Str(s) => s,
                    Value::Num(s) => s,
                    _ => return,
                };
                // A bare UUID value was found by the raw scan already.
                if text.len() == 36 && uuid_at(text.as_bytes(), 0) {
                    return;
                }
                if is_id_value(text)
                    && !contains_uuid(text.as_bytes())
                    && !key.eq_ignore_ascii_case("traceparent")
                {
                    self.push(IdKey::new(text));
                }
            }
        }
    }

    /// Calls `f` with each ID found and the record's contribution (none
    /// when the record carries no ID).
    pub fn finish(self, ts: Option<Timestamp>, level: Option<Level>, f: &mut dyn FnMut(IdKey, &Agg)) {
        if self.n == 0 {
            return;
        }
        let status = self.status.into_iter().flatten().next().flatten().filter(|s| (100..600).contains(s));
        let error = level.is_some_and(|l| l >= Level::Error) || status.is_some_and(|s| s >= 500);
        let one = Agg::one(ts, error, self.recorded, status, level);
        for k in self.keys.into_iter().flatten() {
            f(k, &one);
        }
    }
}
