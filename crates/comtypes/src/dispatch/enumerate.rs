//! `Enumerator`: a collection's IEnumVARIANT as a Rust `Iterator`, fetched in batches.

use crate::hresult::{E_UNEXPECTED, S_FALSE};
use crate::interfaces::IEnumVARIANT;
use crate::{Error, Interface, Result, Variant};

/// How many items one `IEnumVARIANT::Next` call asks for.
const BATCH: usize = 16;

/// The items of a collection, as [`Dispatch::iter`](crate::dispatch::Dispatch::iter)
/// returns them: each `Ok(Variant)`, or one `Err` when the enumerator fails (after which
/// the iteration ends).
///
/// Items are fetched 16 at a time (`IEnumVARIANT::Next(16, ...)`), so a remote or
/// scripted collection costs one call per 16 items, not one per item.
///
/// ```
/// # comtypes::dispatch::doc_support::calculator(|calc| {
/// let mut items = calc.iter()?;
/// assert_eq!(i32::try_from(items.next().unwrap()?)?, 1);
/// assert_eq!(items.count(), 2);
/// # Ok(()) })?;
/// # Ok::<(), comtypes::Error>(())
/// ```
pub struct Enumerator {
    source: Option<IEnumVARIANT>,
    /// True once `Next` said there is no more (S_FALSE): the batch is the last one.
    exhausted: bool,
    batch: [Variant; BATCH],
    next: usize,
    len: usize,
    pending: Option<Error>,
}

impl Enumerator {
    /// Enumerates `source` from its current position.
    pub fn new(source: IEnumVARIANT) -> Enumerator {
        Enumerator {
            source: Some(source),
            exhausted: false,
            batch: core::array::from_fn(|_| Variant::empty()),
            next: 0,
            len: 0,
            pending: None,
        }
    }

    /// An iterator whose only item is `error`.
    pub(crate) fn failed(error: Error) -> Enumerator {
        let mut e = Enumerator::new_empty();
        e.pending = Some(error);
        e
    }

    fn new_empty() -> Enumerator {
        Enumerator {
            source: None,
            exhausted: true,
            batch: core::array::from_fn(|_| Variant::empty()),
            next: 0,
            len: 0,
            pending: None,
        }
    }

    /// The IEnumVARIANT (None once the iteration has ended).
    pub fn as_enum_variant(&self) -> Option<&IEnumVARIANT> {
        self.source.as_ref()
    }

    /// Fetches the next batch; false at the end (or after an error, then pending).
    fn refill(&mut self) -> bool {
        let Some(source) = self.source.as_ref().filter(|_| !self.exhausted) else {
            self.source = None;
            return false;
        };
        let mut fetched = 0u32;
        // SAFETY: `batch` holds BATCH empty VARIANTs (every earlier item was taken out),
        // which Next may overwrite without leaking; `fetched` is a valid out pointer.
        let hr = unsafe { source.Next(BATCH as u32, self.batch.as_mut_ptr(), &mut fetched) };
        if hr.is_err() {
            let error = Error::from_call(hr, source.as_unknown(), &IEnumVARIANT::IID);
            self.pending = Some(Error::new(
                hr,
                format!(
                    "IEnumVARIANT::Next failed: {}",
                    error
                        .description()
                        .map_or_else(|| hr.message(), str::to_string)
                ),
            ));
            self.source = None;
            return false;
        }
        if fetched as usize > BATCH {
            self.pending = Some(Error::new(
                E_UNEXPECTED,
                format!("IEnumVARIANT::Next returned {fetched} items when asked for {BATCH}"),
            ));
            self.source = None;
            return false;
        }
        // S_FALSE means fewer than asked remained; a (broken) S_OK with nothing fetched
        // ends the iteration too, rather than looping forever.
        self.exhausted = hr == S_FALSE || fetched == 0;
        self.next = 0;
        self.len = fetched as usize;
        self.len > 0
    }
}

impl Iterator for Enumerator {
    type Item = Result<Variant>;

    fn next(&mut self) -> Option<Result<Variant>> {
        if self.next >= self.len && !self.refill() {
            return self.pending.take().map(Err);
        }
        let item = core::mem::take(&mut self.batch[self.next]);
        self.next += 1;
        Some(Ok(item))
    }
}

impl core::fmt::Debug for Enumerator {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Enumerator")
            .field("source", &self.source)
            .field("buffered", &(self.len - self.next))
            .field("exhausted", &self.exhausted)
            .finish()
    }
}
